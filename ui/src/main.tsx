import { render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import './app.css'
import { OverviewPage } from './overview.js'
import { TicketsPage, NewTicketPage } from './tickets.js'
import { TicketDetailPage } from './ticket.js'
import { RequestsPage } from './requests.js'
import { FaultsPage } from './faults.js'

/** Hash routes, so the emulator serves one page: #/tickets?status=..., #/tickets/IM..., ... */
export interface Route { path: string[], params: URLSearchParams }

function parseHash (): Route {
  const hash = location.hash.replace(/^#\/?/, '')
  const at = hash.indexOf('?')
  const path = (at === -1 ? hash : hash.slice(0, at)).split('/').filter(part => part !== '').map(decodeURIComponent)
  return { path, params: new URLSearchParams(at === -1 ? '' : hash.slice(at + 1)) }
}

const NAV = [['', 'Overview'], ['tickets', 'Tickets'], ['requests', 'Requests'], ['faults', 'Faults & clock']] as const

function App () {
  const [route, setRoute] = useState(parseHash)
  useEffect(() => {
    const onChange = () => setRoute(parseHash())
    addEventListener('hashchange', onChange)
    return () => removeEventListener('hashchange', onChange)
  }, [])
  const [section = '', id] = route.path
  useEffect(() => {
    const name = NAV.find(([key]) => key === section)?.[1] ?? 'Dashboard'
    document.title = `${id ?? name} · coc-emulator`
    document.getElementById('main')?.focus({ preventScroll: true })
  }, [section, id])
  let page
  if (section === 'tickets' && id === 'new') page = <NewTicketPage />
  else if (section === 'tickets' && id !== undefined) page = <TicketDetailPage incidentNum={id} />
  else if (section === 'tickets') page = <TicketsPage params={route.params} />
  else if (section === 'requests') page = <RequestsPage params={route.params} />
  else if (section === 'faults') page = <FaultsPage />
  else if (section === '') page = <OverviewPage />
  else page = <p>No page here. <a href='#/'>Back to the overview</a>.</p>
  return (
    <>
      <a class='skip' href='#main' onClick={event => { event.preventDefault(); document.getElementById('main')?.focus() }}>Skip to content</a>
      <header class='top'>
        <a class='brand' href='#/'>coc-emulator</a>
        <nav aria-label='Sections'>
          {NAV.map(([key, label]) => (
            <a key={key} href={`#/${key}`} aria-current={section === key ? 'page' : undefined}>{label}</a>
          ))}
        </nav>
      </header>
      <main id='main' tabIndex={-1}>{page}</main>
    </>
  )
}

const root = document.getElementById('app')!
// The "Loading" note is the page's own markup: the app takes its place.
root.textContent = ''
render(<App />, root)
