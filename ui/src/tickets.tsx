import { useState } from 'preact/hooks'
import { INCIDENT_LEVELS, INCIDENT_SOURCES, INCIDENT_STATUSES, INCIDENT_TYPES, type VocabEntry } from '../../src/vocab.js'
import { api, query, type Ticket } from './api.js'
import { Empty, ErrorNote, StatusBadge, Time, usePolling } from './common.js'

const FILTERS = ['status', 'level', 'category', 'source', 'assignee', 'title', 'domain_id'] as const
const PAGE_SIZE = 20

const nameOf = (entries: readonly VocabEntry[], key: string) => entries.find(entry => entry.key === key)?.en ?? key

function go (params: Record<string, string>) {
  location.hash = `#/tickets${query(params)}`
}

export function TicketsPage ({ params }: { params: URLSearchParams }) {
  const filter: Record<string, string> = {}
  for (const name of FILTERS) {
    const value = params.get(name)
    if (value !== null && value !== '') filter[name] = value
  }
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1)
  const key = `${query(filter)}|${page}`
  const { data, error } = usePolling(() => api<{ tickets: Ticket[], total: number }>('GET', `/__admin/ticket-search${query({ ...filter, page, limit: PAGE_SIZE })}`), 5000, [key])
  const [draft, setDraft] = useState<Record<string, string>>(filter)
  const [draftKey, setDraftKey] = useState(key)
  if (draftKey !== key) { setDraft(filter); setDraftKey(key) }
  const set = (name: string, value: string, submit = false) => {
    const next = { ...draft, [name]: value }
    setDraft(next)
    if (submit) go(next)
  }
  const pages = data === undefined ? 1 : Math.max(1, Math.ceil(data.total / PAGE_SIZE))
  const filtered = Object.keys(filter).length > 0
  return (
    <section>
      <div class='title-row'>
        <h1>Tickets</h1>
        <a class='button' href='#/tickets/new'>New ticket</a>
      </div>
      <form class='filters' aria-label='Filter tickets' onSubmit={event => { event.preventDefault(); go(draft) }}>
        <Select label='Status' name='status' value={draft.status} entries={INCIDENT_STATUSES} onChange={v => set('status', v, true)} />
        <Select label='Level' name='level' value={draft.level} entries={INCIDENT_LEVELS} onChange={v => set('level', v, true)} />
        <Select label='Category' name='category' value={draft.category} entries={INCIDENT_TYPES} onChange={v => set('category', v, true)} />
        <Select label='Source' name='source' value={draft.source} entries={INCIDENT_SOURCES} onChange={v => set('source', v, true)} />
        <label>Assignee<input name='assignee' value={draft.assignee ?? ''} placeholder='user id' onInput={e => set('assignee', e.currentTarget.value)} /></label>
        <label>Title contains<input name='title' type='search' value={draft.title ?? ''} onInput={e => set('title', e.currentTarget.value)} /></label>
        <label>Domain<input name='domain_id' value={draft.domain_id ?? ''} placeholder='every domain' onInput={e => set('domain_id', e.currentTarget.value)} /></label>
        <div class='filter-buttons'>
          <button type='submit'>Filter</button>
          {filtered && <button type='button' class='secondary' onClick={() => go({})}>Clear</button>}
        </div>
      </form>
      <ErrorNote error={error} />
      {data === undefined ? <p class='muted'>Loading…</p> : data.total === 0 ? (
        <Empty>
          {filtered
            ? <>No ticket matches these filters. <a href='#/tickets'>Clear the filters</a> or try fewer.</>
            : <>No tickets yet. <a href='#/tickets/new'>Create one</a>, reset the emulator with seeded tickets under <a href='#/faults'>Faults & clock</a>, or let a client create some.</>}
        </Empty>
      ) : (
        <>
          <p class='muted' aria-live='polite'><span id='ticket-total'>{data.total}</span> ticket{data.total === 1 ? '' : 's'}, newest first</p>
          <div class='scroll'>
            <table class='tickets'>
              <thead><tr>
                <th scope='col'>Number</th><th scope='col'>Title</th><th scope='col'>Status</th><th scope='col'>Level</th>
                <th scope='col'>Category</th><th scope='col'>Assignee</th><th scope='col'>Domain</th><th scope='col'>Created</th>
              </tr></thead>
              <tbody>
                {data.tickets.map(ticket => (
                  <tr key={ticket.incident_num}>
                    <td class='mono'><a href={`#/tickets/${encodeURIComponent(ticket.incident_num)}`}>{ticket.incident_num}</a></td>
                    <td class='wrap'>{ticket.incident_title}</td>
                    <td><StatusBadge status={ticket.status} /></td>
                    <td title={ticket.incident_level}>{nameOf(INCIDENT_LEVELS, ticket.incident_level)}</td>
                    <td title={ticket.incident_type}>{nameOf(INCIDENT_TYPES, ticket.incident_type)}</td>
                    <td class='mono small clip' title={ticket.incident_assignee.join(', ')}>{ticket.incident_assignee.filter(id => id !== '').join(', ') || <span class='muted'>{ticket.assignee_role || '—'}</span>}</td>
                    <td class='small'>{ticket.domain_id}</td>
                    <td><Time ms={ticket.create_time} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav class='pager' aria-label='Pages'>
            <button type='button' disabled={page <= 1} onClick={() => go({ ...filter, page: String(page - 1) })}>← Newer</button>
            <span>Page {page} of {pages}</span>
            <button type='button' disabled={page >= pages} onClick={() => go({ ...filter, page: String(page + 1) })}>Older →</button>
          </nav>
        </>
      )}
    </section>
  )
}

function Select ({ label, name, value, entries, onChange }: { label: string, name: string, value: string | undefined, entries: readonly VocabEntry[], onChange: (value: string) => void }) {
  return (
    <label>{label}
      <select name={name} value={value ?? ''} onChange={e => onChange(e.currentTarget.value)}>
        <option value=''>any</option>
        {entries.map(entry => <option key={entry.key} value={entry.key}>{entry.en}</option>)}
      </select>
    </label>
  )
}

export function NewTicketPage () {
  const [form, setForm] = useState<Record<string, string>>({
    incident_title: '', incident_level: 'level_30', incident_type: 'inc_type_p_function_issues', incident_source: 'incident_source_manual',
    creator: '', incident_assignee: '', incident_description: '', domain_id: '', status: 'INCIDENT_STATUS_TRIGGERED', is_service_interrupt: 'false'
  })
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const set = (name: string) => (event: { currentTarget: { value: string } }) => setForm({ ...form, [name]: event.currentTarget.value })
  const submit = async (event: Event) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    const ticket: Record<string, unknown> = {
      incident_title: form.incident_title,
      incident_level: form.incident_level,
      incident_type: form.incident_type,
      incident_source: form.incident_source,
      is_service_interrupt: form.is_service_interrupt === 'true',
      creator: form.creator,
      status: form.status,
      incident_assignee: form.incident_assignee === '' ? [] : [form.incident_assignee]
    }
    if (form.incident_description !== '') ticket.incident_description = form.incident_description
    if (form.domain_id !== '') ticket.domain_id = form.domain_id
    try {
      const result = await api<{ tickets: Ticket[] }>('POST', '/__admin/tickets', { tickets: [ticket] })
      location.hash = `#/tickets/${encodeURIComponent(result.tickets[0]!.incident_num)}`
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }
  return (
    <section>
      <p><a href='#/tickets'>← Tickets</a></p>
      <h1>New ticket</h1>
      <p class='muted'>Inserted with <code>POST /__admin/tickets</code>, checked against the detail route's limits; its number is generated.</p>
      <form class='stack' onSubmit={submit}>
        <label>Title <span class='req'>required</span><input name='incident_title' required maxLength={200} value={form.incident_title} onInput={set('incident_title')} /></label>
        <div class='row'>
          <FormSelect label='Level' name='incident_level' value={form.incident_level!} entries={INCIDENT_LEVELS} onChange={set('incident_level')} />
          <FormSelect label='Category' name='incident_type' value={form.incident_type!} entries={INCIDENT_TYPES} onChange={set('incident_type')} />
          <FormSelect label='Source' name='incident_source' value={form.incident_source!} entries={INCIDENT_SOURCES} onChange={set('incident_source')} />
          <FormSelect label='Status' name='status' value={form.status!} entries={INCIDENT_STATUSES} onChange={set('status')} />
        </div>
        <div class='row'>
          <label>Creator <span class='req'>required</span><input name='creator' required value={form.creator} placeholder='user id' onInput={set('creator')} /></label>
          <label>Assignee<input name='incident_assignee' value={form.incident_assignee} placeholder='user id' onInput={set('incident_assignee')} /></label>
          <label>Domain<input name='domain_id' value={form.domain_id} placeholder='coc-dev-domain' onInput={set('domain_id')} /></label>
          <label>Service interrupted
            <select name='is_service_interrupt' value={form.is_service_interrupt} onChange={set('is_service_interrupt')}>
              <option value='false'>no</option><option value='true'>yes</option>
            </select>
          </label>
        </div>
        <label>Description<textarea name='incident_description' rows={3} value={form.incident_description} onInput={set('incident_description')} /></label>
        <ErrorNote error={error} />
        <div><button type='submit' disabled={busy}>Create ticket</button></div>
      </form>
    </section>
  )
}

function FormSelect ({ label, name, value, entries, onChange }: { label: string, name: string, value: string, entries: readonly VocabEntry[], onChange: (e: { currentTarget: { value: string } }) => void }) {
  return (
    <label>{label}
      <select name={name} value={value} onChange={onChange}>
        {entries.map(entry => <option key={entry.key} value={entry.key}>{entry.en}</option>)}
      </select>
    </label>
  )
}
