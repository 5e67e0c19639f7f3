/**
 * Gives a plugin the name fastify shows for it (in its plugin tree and its errors). A plugin
 * registered without one is named after a search of every loaded CommonJS module for the
 * function (fastify's Server reference, "getPluginName"), a cost on each registration that grows
 * with what the process has loaded.
 */
export function named<T extends (...args: never[]) => unknown> (plugin: T, name = plugin.name): T {
  const key = Symbol.for('fastify.display-name')
  const target = plugin as T & { [key]?: string }
  target[key] ??= name
  return plugin
}
