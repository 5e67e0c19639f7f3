import { useState } from 'preact/hooks'
import { api, type ClockView, type Fault } from './api.js'
import { Empty, ErrorNote, Time, usePolling } from './common.js'

const METHODS = ['*', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE']

function effect (fault: Fault): string {
  const parts: string[] = []
  if (fault.delay_ms !== undefined) parts.push(`delay ${fault.delay_ms} ms`)
  if (fault.status !== undefined) parts.push(`answer ${fault.status}${fault.error_code === undefined ? '' : ` ${fault.error_code}`}`)
  if (fault.drop === true) parts.push('drop the connection')
  return parts.join(', then ')
}

export function FaultsPage () {
  return (
    <section>
      <h1>Faults &amp; clock</h1>
      <Faults />
      <Clock />
      <Reset />
    </section>
  )
}

function Faults () {
  const { data, error, reload } = usePolling(() => api<Fault[]>('GET', '/__admin/faults'), 2000, [])
  const [form, setForm] = useState<Record<string, string>>({ method: '*', path: '/v2/incidents/*', incident_num: '', delay_ms: '', status: '503', error_code: '', error_msg: '', drop: '', times: '' })
  const [formError, setFormError] = useState<unknown>(null)
  const set = (name: string) => (event: { currentTarget: { value: string } }) => setForm({ ...form, [name]: event.currentTarget.value })
  const add = async (event: Event) => {
    event.preventDefault()
    setFormError(null)
    const body: Record<string, unknown> = { method: form.method, path: form.path }
    for (const name of ['incident_num', 'error_code', 'error_msg']) if (form[name] !== '') body[name] = form[name]
    for (const name of ['delay_ms', 'status', 'times']) if (form[name] !== '') body[name] = Number(form[name])
    if (form.drop === 'true') body.drop = true
    try {
      await api('POST', '/__admin/faults', body)
      reload()
    } catch (err) {
      setFormError(err)
    }
  }
  const remove = (id?: string) => { void api('DELETE', id === undefined ? '/__admin/faults' : `/__admin/faults/${encodeURIComponent(id)}`).then(reload, setFormError) }
  return (
    <>
      <div class='title-row'>
        <h2>Faults</h2>
        {data !== undefined && data.length > 0 && <button type='button' class='secondary' onClick={() => remove()}>Remove all</button>}
      </div>
      <ErrorNote error={error} />
      {data === undefined ? <p class='muted'>Loading…</p> : data.length === 0 ? (
        <Empty>No fault is armed: COC calls are served normally. Add one below to make a call slow, fail or drop.</Empty>
      ) : (
        <div class='scroll'>
          <table class='faults'>
            <thead><tr><th scope='col'>Id</th><th scope='col'>Method</th><th scope='col'>Path</th><th scope='col'>Ticket</th><th scope='col'>Effect</th><th scope='col' class='num'>Fired</th><th scope='col' class='num'>Left</th><th scope='col'><span class='sr'>Remove</span></th></tr></thead>
            <tbody>
              {data.map(fault => (
                <tr key={fault.id} data-id={fault.id}>
                  <td class='mono small'>{fault.id}</td>
                  <td>{fault.method}</td>
                  <td class='mono wrap'>{fault.path}</td>
                  <td class='mono small'>{fault.incident_num ?? ''}</td>
                  <td>{effect(fault)}</td>
                  <td class='num fired'>{fault.matched}</td>
                  <td class='num'>{fault.remaining ?? '∞'}</td>
                  <td><button type='button' class='secondary small' aria-label={`Remove fault ${fault.id}`} onClick={() => remove(fault.id)}>Remove</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form class='stack' aria-label='Add a fault' onSubmit={add}>
        <h3>Add a fault</h3>
        <div class='row'>
          <label>Method<select name='method' value={form.method} onChange={set('method')}>{METHODS.map(m => <option key={m} value={m}>{m === '*' ? '* (any)' : m}</option>)}</select></label>
          <label class='grow'>Path<input name='path' required value={form.path} onInput={set('path')} placeholder='exact, or a prefix ending in *' /></label>
          <label>Ticket<input name='incident_num' value={form.incident_num} onInput={set('incident_num')} placeholder='any' /></label>
        </div>
        <div class='row'>
          <label>Status<input name='status' inputMode='numeric' value={form.status} onInput={set('status')} placeholder='400 to 599' /></label>
          <label>Error code<input name='error_code' value={form.error_code} onInput={set('error_code')} placeholder={'GOM.0000<status>0'} /></label>
          <label class='grow'>Error message<input name='error_msg' value={form.error_msg} onInput={set('error_msg')} /></label>
        </div>
        <div class='row'>
          <label>Delay (ms)<input name='delay_ms' inputMode='numeric' value={form.delay_ms} onInput={set('delay_ms')} placeholder='none' /></label>
          <label>Drop connection<select name='drop' value={form.drop} onChange={set('drop')}><option value=''>no</option><option value='true'>yes</option></select></label>
          <label>Times<input name='times' inputMode='numeric' value={form.times} onInput={set('times')} placeholder='until removed' /></label>
        </div>
        <ErrorNote error={formError} />
        <div><button type='submit'>Arm fault</button></div>
      </form>
    </>
  )
}

const toLocalInput = (ms: number) => {
  const date = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000)
  return date.toISOString().slice(0, 19)
}

function Clock () {
  const { data, error, reload } = usePolling(() => api<ClockView>('GET', '/__admin/clock'), 1000, [])
  const [at, setAt] = useState('')
  const [offset, setOffset] = useState('')
  const [formError, setFormError] = useState<unknown>(null)
  const post = (body: Record<string, number>) => { setFormError(null); void api('POST', '/__admin/clock', body).then(reload, setFormError) }
  return (
    <>
      <h2>Clock</h2>
      <ErrorNote error={error} />
      {data !== undefined && (
        <p id='clock-state'>
          Emulator time <strong><Time ms={data.now} /></strong> —{' '}
          {data.frozen_at === null ? <span>running</span> : <span class='badge frozen'>frozen</span>}
          {data.offset_ms !== 0 && <span>, shifted by {data.offset_ms} ms</span>}
        </p>
      )}
      <div class='row'>
        <button type='button' onClick={() => post({ frozen_at: Date.now() })}>Freeze now</button>
        <button type='button' class='secondary' onClick={() => { setFormError(null); void api('DELETE', '/__admin/clock').then(reload, setFormError) }}>Back to real time</button>
      </div>
      <form class='row' aria-label='Set the clock' onSubmit={event => {
        event.preventDefault()
        const body: Record<string, number> = {}
        if (at !== '') body.frozen_at = new Date(at).getTime()
        if (offset !== '') body.offset_ms = Number(offset)
        post(body)
      }}>
        <label>Freeze at (local time)<input name='frozen_at' type='datetime-local' step='1' value={at} onInput={e => setAt(e.currentTarget.value)} onFocus={() => { if (at === '' && data !== undefined) setAt(toLocalInput(data.now)) }} /></label>
        <label>Shift (ms)<input name='offset_ms' inputMode='numeric' value={offset} onInput={e => setOffset(e.currentTarget.value)} placeholder='e.g. -3600000' /></label>
        <div class='filter-buttons'><button type='submit'>Set clock</button></div>
      </form>
      <ErrorNote error={formError} />
    </>
  )
}

function Reset () {
  const [asking, setAsking] = useState(false)
  const [empty, setEmpty] = useState(false)
  const [result, setResult] = useState('')
  const [error, setError] = useState<unknown>(null)
  const reset = async () => {
    setError(null)
    try {
      const data = await api<{ tickets: number, ms: number }>('POST', `/__admin/reset${empty ? '?empty=true' : ''}`)
      setResult(`Reset done in ${data.ms} ms: ${data.tickets} tickets, no faults, an empty journal, real time.`)
    } catch (err) {
      setError(err)
    }
    setAsking(false)
  }
  return (
    <>
      <h2>Reset</h2>
      <p class='muted'>Back to the start state: the seeded tickets (or none), no faults, an empty journal, real time.</p>
      {!asking ? (
        <div class='row tight'>
          <label class='inline'><input type='checkbox' checked={empty} onChange={e => setEmpty(e.currentTarget.checked)} /> without tickets</label>
          <button type='button' class='danger' onClick={() => setAsking(true)}>Reset the emulator…</button>
        </div>
      ) : (
        <div class='confirm' role='alertdialog' aria-label='Confirm the reset'>
          <p>Every ticket, fault and journaled request goes{empty ? ', and no ticket is seeded' : ''}. Reset?</p>
          <button type='button' class='danger' onClick={() => { void reset() }}>Yes, reset</button>
          <button type='button' class='secondary' onClick={() => setAsking(false)} ref={el => el?.focus()}>Cancel</button>
        </div>
      )}
      {result !== '' && <p role='status'>{result}</p>}
      <ErrorNote error={error} />
    </>
  )
}
