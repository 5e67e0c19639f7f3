import { useState } from 'preact/hooks'
import { api, query, type JournaledRequest } from './api.js'
import { Empty, ErrorNote, Time, usePolling } from './common.js'

const FILTERS = ['method', 'path', 'status', 'incident_num'] as const
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']
const SKIPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'accept-encoding'])

interface Journal { requests: JournaledRequest[], total: number, capacity: number, dropped: number }

const quote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`

/** The request as a curl command line; redacted secrets stay redacted, to be filled in. */
export function toCurl (request: JournaledRequest, origin: string): string {
  const parts = ['curl', '-X', request.method, quote(`${origin}${request.path}${request.query === '' ? '' : `?${request.query}`}`)]
  for (const [name, value] of Object.entries(request.headers)) {
    if (!SKIPPED_HEADERS.has(name)) parts.push('-H', quote(`${name}: ${value}`))
  }
  if (request.body !== null) parts.push('--data-raw', quote(typeof request.body === 'string' ? request.body : JSON.stringify(request.body)))
  return parts.join(' ')
}

export function RequestsPage ({ params }: { params: URLSearchParams }) {
  const filter: Record<string, string> = {}
  for (const name of FILTERS) {
    const value = params.get(name)
    if (value !== null && value !== '') filter[name] = value
  }
  const key = query(filter)
  const [live, setLive] = useState(true)
  const { data, error, reload } = usePolling(() => api<Journal>('GET', `/__admin/requests${query({ ...filter, limit: 200 })}`), live ? 1500 : 0, [key, live])
  const [draft, setDraft] = useState<Record<string, string>>(filter)
  const [draftKey, setDraftKey] = useState(key)
  if (draftKey !== key) { setDraft(filter); setDraftKey(key) }
  const [selected, setSelected] = useState<number | null>(null)
  const go = (next: Record<string, string>) => { location.hash = `#/requests${query(next)}` }
  const set = (name: string) => (event: { currentTarget: { value: string } }) => setDraft({ ...draft, [name]: event.currentTarget.value })
  const filtered = Object.keys(filter).length > 0
  const chosen = data?.requests.find(request => request.id === selected)
  return (
    <section>
      <div class='title-row'>
        <h1>Requests</h1>
        <div class='row tight'>
          <label class='inline'><input type='checkbox' checked={live} onChange={e => setLive(e.currentTarget.checked)} /> Live</label>
          <button type='button' class='secondary' onClick={() => { void api('DELETE', '/__admin/requests').then(reload) }}>Clear journal</button>
        </div>
      </div>
      <form class='filters' aria-label='Filter requests' onSubmit={event => { event.preventDefault(); go(draft) }}>
        <label>Method
          <select name='method' value={draft.method ?? ''} onChange={e => go({ ...draft, method: e.currentTarget.value })}>
            <option value=''>any</option>
            {METHODS.map(method => <option key={method} value={method}>{method}</option>)}
          </select>
        </label>
        <label>Path<input name='path' value={draft.path ?? ''} placeholder='/v2/incidents/* (prefix with *)' onInput={set('path')} /></label>
        <label>Status<input name='status' inputMode='numeric' value={draft.status ?? ''} placeholder='e.g. 400' onInput={set('status')} /></label>
        <label>Ticket<input name='incident_num' value={draft.incident_num ?? ''} onInput={set('incident_num')} /></label>
        <div class='filter-buttons'>
          <button type='submit'>Filter</button>
          {filtered && <button type='button' class='secondary' onClick={() => go({})}>Clear</button>}
        </div>
      </form>
      <ErrorNote error={error} />
      {data === undefined ? <p class='muted'>Loading…</p> : data.requests.length === 0 ? (
        <Empty>
          {filtered ? <>No journaled request matches. <a href='#/requests'>Clear the filters</a>.</>
            : data.capacity === 0 ? <>The journal is off: start the emulator with <code>--journal-size</code> above 0.</>
              : <>No COC request yet. Point a client at <code>{location.origin}</code>, for example <code>curl -H 'X-Auth-Token: dev-token' {location.origin}/v1/incident-tickets</code>; it shows up here.</>}
        </Empty>
      ) : (
        <>
          <p class='muted'>{data.total} request{data.total === 1 ? '' : 's'}{data.requests.length < data.total ? `, the newest ${data.requests.length} shown` : ''}, newest first{data.dropped > 0 ? `; ${data.dropped} older ones were pushed out of the journal` : ''}. Select a row for its headers and body.</p>
          <div class='scroll'>
            <table class='requests'>
              <thead><tr><th scope='col'>Time</th><th scope='col'>Method</th><th scope='col'>Path</th><th scope='col'>Status</th><th scope='col'>Error code</th><th scope='col'>Ticket</th><th scope='col' class='num'>ms</th></tr></thead>
              <tbody>
                {data.requests.map(request => (
                  <tr key={request.id} class={request.id === selected ? 'selected' : ''} data-id={request.id}>
                    <td><Time ms={request.time} /></td>
                    <td><button type='button' class='link' aria-pressed={request.id === selected} onClick={() => setSelected(request.id === selected ? null : request.id)}>{request.method}</button></td>
                    <td class='mono wrap'>{request.path}{request.query === '' ? '' : <span class='muted'>?{request.query}</span>}</td>
                    <td class={request.status === null || request.status >= 400 ? 'bad' : 'good'}>{request.status ?? 'dropped'}{request.fault_id !== null && <span class='badge fault' title={`fault ${request.fault_id}`}>fault</span>}</td>
                    <td class='mono small'>{request.error_code}</td>
                    <td class='mono small'>{request.incident_num === null ? '' : <a href={`#/tickets/${encodeURIComponent(request.incident_num)}`}>{request.incident_num}</a>}</td>
                    <td class='num'>{request.duration_ms}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {chosen !== undefined && <RequestDetail request={chosen} />}
        </>
      )}
    </section>
  )
}

function RequestDetail ({ request }: { request: JournaledRequest }) {
  const [copied, setCopied] = useState('')
  const curl = toCurl(request, location.origin)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(curl)
      setCopied('Copied.')
    } catch {
      setCopied('The browser refused the clipboard: select the command below and copy it.')
    }
  }
  return (
    <article class='detail' aria-label='Request detail'>
      <div class='title-row'>
        <h2>{request.method} <span class='mono'>{request.path}</span></h2>
        <button type='button' onClick={() => { void copy() }}>Copy as curl</button>
      </div>
      {copied !== '' && <p class='small' role='status'>{copied}</p>}
      <pre class='curl' tabIndex={0}>{curl}</pre>
      <p class='small muted'>Request id <span class='mono'>{request.request_id}</span>, domain {request.domain_id ?? '—'}, <Time ms={request.time} />{request.fault_id === null ? '' : `, answered by fault ${request.fault_id}`}</p>
      <h3>Headers <span class='muted small'>(secrets redacted)</span></h3>
      <div class='scroll'>
        <table class='fields'><tbody>
          {Object.entries(request.headers).map(([name, value]) => <tr key={name}><th scope='row' class='mono'>{name}</th><td class='mono wrap'>{value}</td></tr>)}
        </tbody></table>
      </div>
      <h3>Body</h3>
      {request.body === null ? <p class='muted'>No body.</p> : <pre tabIndex={0}>{typeof request.body === 'string' ? request.body : JSON.stringify(request.body, null, 2)}</pre>}
    </article>
  )
}
