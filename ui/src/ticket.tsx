import { useState } from 'preact/hooks'
import { api, type AllowedAction, type JsonSchema, type TicketPage } from './api.js'
import { Empty, ErrorNote, StatusBadge, Time, usePolling } from './common.js'

const TIME_FIELDS = new Set(['create_time', 'handle_time', 'start_time', 'fault_recovery_time', 'fault_delineation_time'])

export function TicketDetailPage ({ incidentNum }: { incidentNum: string }) {
  const path = `/__admin/tickets/${encodeURIComponent(incidentNum)}`
  const { data, error, reload } = usePolling(() => api<TicketPage>('GET', path), 3000, [incidentNum])
  const [open, setOpen] = useState<string | null>(null)
  if (data === undefined) {
    return <section><p><a href='#/tickets'>← Tickets</a></p><h1 class='mono'>{incidentNum}</h1>{error === null ? <p class='muted'>Loading…</p> : <ErrorNote error={error} />}</section>
  }
  const { ticket, workflow, history, task, actions } = data
  const fields = Object.entries(ticket).filter(([name]) => name !== 'enum_data_list')
  return (
    <section>
      <p><a href='#/tickets'>← Tickets</a></p>
      <div class='title-row'>
        <h1><span class='mono'>{ticket.incident_num}</span> <StatusBadge status={ticket.status} /></h1>
        <a class='button secondary' href={`#/requests?incident_num=${encodeURIComponent(ticket.incident_num)}`}>Requests about it</a>
      </div>
      <p class='lead'>{ticket.incident_title}</p>
      <ErrorNote error={error} />

      <h2>Workflow</h2>
      {task === null ? <p class='muted' id='no-actions'>This ticket can no longer move: no step is allowed in its status.</p> : (
        <>
          <p>Current task: <strong>{task.name}</strong> <span class='muted'>({task.key}{workflow.phase === '' ? '' : `, ${workflow.phase}`})</span></p>
          <div class='actions' role='group' aria-label='Allowed steps'>
            {actions.map(action => (
              <button key={action.action} type='button' class={open === action.action ? 'active' : ''} aria-expanded={open === action.action}
                data-action={action.action} onClick={() => setOpen(open === action.action ? null : action.action)}>
                {action.name_en}
              </button>
            ))}
          </div>
          {actions.filter(action => action.action === open).map(action => (
            <ActionForm key={`${action.action}|${task.task_id}`} action={action} incidentNum={ticket.incident_num} taskId={task.task_id}
              operator={ticket.incident_assignee.find(id => id !== '') ?? ticket.creator}
              onDone={() => { setOpen(null); reload() }} />
          ))}
        </>
      )}

      <h2>History</h2>
      {history.length === 0 ? <Empty>No history recorded.</Empty> : (
        <ol class='timeline' aria-label='History'>
          {history.map(entry => (
            <li key={entry.id} data-action={entry.action}>
              <div><strong>{entry.name_en}</strong> <span class='muted'>{entry.name_zh}</span> → <StatusBadge status={entry.status} /></div>
              <div class='small'>by <span title={entry.operator}>{entry.operator_name}</span>, <Time ms={entry.start_time} /></div>
              {entry.comment !== '' && <div class='comment'>{entry.comment}</div>}
            </li>
          ))}
        </ol>
      )}

      <h2>Fields</h2>
      <div class='scroll'>
        <table class='fields'>
          <tbody>
            {fields.map(([name, value]) => (
              <tr key={name}><th scope='row' class='mono'>{name}</th><td class='wrap'>{TIME_FIELDS.has(name) && typeof value === 'number' ? <Time ms={value} /> : show(value)}</td></tr>
            ))}
            <tr><th scope='row' class='mono'>workflow</th><td>phase {workflow.phase || '—'}, last change <Time ms={workflow.update_time} /> by {workflow.operator || '—'}{workflow.pending_level === null ? '' : `, level change to ${workflow.pending_level} pending`}</td></tr>
          </tbody>
        </table>
      </div>

      <h2>Names (enum_data_list)</h2>
      <div class='scroll'>
        <table>
          <thead><tr><th scope='col'>Field</th><th scope='col'>Key</th><th scope='col'>English</th><th scope='col'>中文</th></tr></thead>
          <tbody>
            {ticket.enum_data_list.map((item, i) => (
              <tr key={i}><td class='mono'>{item.filed_key}</td><td class='mono small'>{item.enum_key}</td><td>{item.name_en}</td><td>{item.name_zh}</td></tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>War room, alarms, attachments</h2>
      <p>{ticket.warroom_id === '' ? <span class='muted'>No war room is linked to this ticket.</span> : <>War room <span class='mono'>{ticket.warroom_id}</span></>}</p>
      <p class='muted small'>The emulator keeps no alarms or attachments of its own; a step's attachment parameters are accepted and shown in the request journal.</p>
    </section>
  )
}

function show (value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (Array.isArray(value)) return value.length === 0 ? '[]' : value.join(', ')
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/** A form for a step's params, built from the JSON schema the COC routes check them with. */
function ActionForm ({ action, incidentNum, taskId, operator, onDone }: { action: AllowedAction, incidentNum: string, taskId: string, operator: string, onDone: () => void }) {
  const properties = Object.entries(action.params.properties ?? {}).filter(([, schema]) => schema.type !== undefined)
  const required = new Set(action.params.required ?? [])
  const [values, setValues] = useState<Record<string, string>>({ operator })
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const set = (name: string) => (event: { currentTarget: { value: string } }) => setValues({ ...values, [name]: event.currentTarget.value })
  const submit = async (event: Event) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    const params: Record<string, unknown> = {}
    for (const [name, schema] of properties) {
      const value = values[name]
      if (value === undefined || value === '') continue
      // The service's validator coerces "true" and numbers the way COC's SDKs send them.
      params[name] = schema.type === 'integer' && /^-?\d+$/.test(value) ? Number(value) : schema.type === 'boolean' ? value === 'true' : value
    }
    try {
      await api('POST', `/__admin/tickets/${encodeURIComponent(incidentNum)}/actions`, { action: action.action, task_id: taskId, operator: values.operator, params })
      onDone()
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }
  return (
    <form class='stack step-form' aria-label={`${action.name_en} parameters`} onSubmit={submit}>
      <p class='small muted'>v2 action <code>{action.action}</code>{action.v1_key === null ? '' : <>, v1 operate_key <code>{action.v1_key}</code></>}</p>
      <label>Operator<input name='operator' value={values.operator} onInput={set('operator')} /></label>
      {properties.length === 0 && <p class='small muted'>This step takes no parameters.</p>}
      {properties.map(([name, schema]) => <Field key={name} name={name} schema={schema} required={required.has(name)} value={values[name] ?? ''} onChange={set(name)} />)}
      <ErrorNote error={error} />
      <div><button type='submit' disabled={busy}>Run {action.name_en}</button></div>
    </form>
  )
}

function Field ({ name, schema, required, value, onChange }: { name: string, schema: JsonSchema, required: boolean, value: string, onChange: (e: { currentTarget: { value: string } }) => void }) {
  const label = <>{name}{required && <span class='req'> required</span>}{schema.description !== undefined && <span class='hint'> {schema.description}</span>}</>
  if (schema.enum !== undefined || schema.type === 'boolean') {
    const options = schema.enum ?? ['true', 'false']
    return (
      <label>{label}
        <select name={name} value={value} onChange={onChange} required={required}>
          <option value=''>—</option>
          {options.map(option => <option key={option} value={option}>{option}</option>)}
        </select>
      </label>
    )
  }
  if (schema.type === 'integer') {
    return <label>{label}<input name={name} inputMode='numeric' pattern='-?[0-9]*' value={value} required={required} placeholder={schema.description?.includes('epoch') ? String(Date.now()) : ''} onInput={onChange} /></label>
  }
  const long = (schema.maxLength ?? 0) > 300
  return long
    ? <label>{label}<textarea name={name} rows={2} value={value} required={required} maxLength={schema.maxLength} onInput={onChange} /></label>
    : <label>{label}<input name={name} value={value} required={required} maxLength={schema.maxLength} onInput={onChange} /></label>
}
