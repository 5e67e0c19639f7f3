import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DockerfileParser, type Instruction } from 'dockerfile-ast'
import { PROJECT_ROOT } from '../../src/paths.js'

/** The Dockerfile, parsed: its instructions, stages and the runtime (last) stage's instructions. */
export const TEXT = readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8')
const dockerfile = DockerfileParser.parse(TEXT)
export const instructions = dockerfile.getInstructions()
export const stages = dockerfile.getFROMs()
export const runtime = instructions.filter(i => i.getRange().start.line > stages.at(-1)!.getRange().start.line)
export const args = (i: Instruction): string => i.getArgumentsContent() ?? ''
export const find = (keyword: string, list = runtime): Instruction[] => list.filter(i => i.getKeyword() === keyword)

/** The HEALTHCHECK's exec-form command. */
export function healthCommand (): string[] {
  const text = args(find('HEALTHCHECK')[0]!)
  return JSON.parse(text.slice(text.indexOf('CMD') + 3).trim()) as string[]
}

/** Runs the health-check command as the image would (node is the image's node); resolves to its exit code. */
export async function runHealthCheck (port: number, cwd = PROJECT_ROOT): Promise<number | null> {
  const [, ...rest] = healthCommand()
  const child = spawn(process.execPath, rest, { cwd, env: { ...process.env, PORT: String(port) }, stdio: 'ignore' })
  return await new Promise(resolve => child.on('exit', code => resolve(code)))
}

/** The runtime stage's ENV settings. */
export function runtimeEnv (): Record<string, string> {
  const env: Record<string, string> = {}
  for (const instruction of find('ENV')) {
    for (const property of (instruction as unknown as { getProperties (): Array<{ getName (): string, getValue (): string | null }> }).getProperties()) {
      env[property.getName()] = property.getValue() ?? ''
    }
  }
  return env
}
