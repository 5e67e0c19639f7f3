import { api, type Overview } from './api.js'
import { ErrorNote, formatDuration, StatusBadge, Time, usePolling } from './common.js'

export function OverviewPage () {
  const { data, error } = usePolling(() => api<Overview>('GET', '/__admin/overview'), 3000, [])
  return (
    <section>
      <h1>Overview</h1>
      <ErrorNote error={error} />
      {data === undefined ? <p class='muted'>Loading…</p> : (
        <>
          <div class='cards'>
            <Card label='Version' value={data.version} />
            <Card label='Uptime' value={formatDuration(data.uptime_ms)} title={`${data.uptime_ms} ms`} />
            <Card label='Auth mode' value={data.auth_mode} />
            <Card label='Tickets' value={String(data.tickets.total)} />
            <Card label='Requests / s' value={String(data.requests.per_second)} title={`${data.requests.count} requests in the last ${Math.round(data.requests.window_ms / 1000)} s`} />
            <Card label='Error rate' value={`${(data.requests.error_rate * 100).toFixed(1)} %`} title={`${data.requests.errors} of ${data.requests.count} answered 400 or more, or were dropped`} />
            <Card label='Faults armed' value={String(data.faults)} href='#/faults' />
            <Card label='Clock' value={data.clock.frozen_at === null ? (data.clock.offset_ms === 0 ? 'real time' : `shifted ${data.clock.offset_ms} ms`) : 'frozen'} href='#/faults' />
          </div>
          <h2>Tickets by status</h2>
          <div class='scroll'>
            <table>
              <thead><tr><th scope='col'>Status</th><th scope='col' class='num'>Tickets</th></tr></thead>
              <tbody>
                {Object.entries(data.tickets.by_status).map(([status, count]) => (
                  <tr key={status}>
                    <td><a href={`#/tickets?status=${status}`}><StatusBadge status={status} /></a></td>
                    <td class='num'>{count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class='muted'>
            Emulator time: <Time ms={data.clock.now} />. The journal holds {data.requests.journaled} of at most {data.requests.capacity} requests
            {data.requests.journaled === 0 ? ': point a client at this address and its calls appear under Requests.' : '.'}
          </p>
        </>
      )}
    </section>
  )
}

function Card ({ label, value, title, href }: { label: string, value: string, title?: string, href?: string }) {
  const body = <><span class='card-label'>{label}</span><span class='card-value' title={title}>{value}</span></>
  return href === undefined ? <div class='card'>{body}</div> : <a class='card' href={href}>{body}</a>
}
