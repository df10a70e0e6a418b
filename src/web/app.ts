import type {IncomingMessage, ServerResponse} from 'node:http'

import {UcError} from '../core/errors.js'
import type {DoorContext, HttpsApp} from '../https/app.js'
import {type Page, PageError, type WebAppDef, errorLines, statusArea} from './context.js'
import {html} from './html.js'
import {document, layout, loginPage} from './layout.js'
import {Sessions, type WebSession, clearCookieHeader, cookieHeader, cookieValue, csrfOk} from './sessions.js'
import {ONBOARDING_PATH, onboardingPage} from './page-onboarding.js'
import {enterpriseParamPage, messagingPage, serviceParamPage} from './page-params.js'
import {controlCenterPage, serviceActivationPage} from './page-services.js'
import {certificateListPage, certificateUploadPage} from './page-certificates.js'
import {multipartFields} from './multipart.js'

const CCMADMIN: WebAppDef = {
  prefix: '/ccmadmin/',
  product: 'cucm',
  appNav: 'ccmadmin',
  title: 'Cisco Unified CM Administration',
  menu: [
    {label: 'Cisco Cloud Onboarding', href: `/ccmadmin/${ONBOARDING_PATH}`},
    {label: 'Service Parameters', href: '/ccmadmin/serviceParamEdit.do'},
    {label: 'Enterprise Parameters', href: '/ccmadmin/enterpriseParamEdit.do'},
    {label: 'Cisco Unified Serviceability', href: '/ccmservice/showHome.do'},
  ],
}

const CCMSERVICE: WebAppDef = {
  prefix: '/ccmservice/',
  appNav: 'ccmservice',
  title: 'Cisco Unified Serviceability',
  menu: [
    {label: 'Control Center - Feature Services', href: '/ccmservice/featureServices.do'},
    {label: 'Control Center - Network Services', href: '/ccmservice/networkServices.do'},
    {label: 'Service Activation', href: '/ccmservice/serviceActivation.do'},
    {label: 'Cisco Unified CM Administration', href: '/ccmadmin/showHome.do'},
  ],
}

const CUPADMIN: WebAppDef = {
  prefix: '/cupadmin/',
  product: 'imp',
  appNav: 'cupadmin',
  title: 'Cisco Unified CM IM and Presence Administration',
  menu: [
    {label: 'Service Parameters', href: '/cupadmin/serviceParamEdit.do'},
    {label: 'Messaging Settings', href: '/cupadmin/messagingSettings.do'},
    {label: 'Cisco Unified Serviceability', href: '/ccmservice/showHome.do'},
  ],
}

const CMPLATFORM: WebAppDef = {
  prefix: '/cmplatform/',
  appNav: 'cmplatform',
  title: 'Cisco Unified Operating System Administration',
  menu: [
    {label: 'Certificate Management', href: '/cmplatform/certificateFindList.do'},
    {label: 'Upload Certificate/Certificate chain', href: '/cmplatform/certificateUpload.do'},
  ],
}

const APPS = [CCMADMIN, CCMSERVICE, CUPADMIN, CMPLATFORM]

type Route = (p: Page) => Promise<string>

const ROUTES: Record<string, Route> = {
  [`/ccmadmin/${ONBOARDING_PATH}`]: onboardingPage,
  '/ccmadmin/serviceParamEdit.do': (p) => serviceParamPage(p, 'cucm'),
  '/ccmadmin/enterpriseParamEdit.do': enterpriseParamPage,
  '/ccmservice/featureServices.do': (p) => controlCenterPage(p, 'feature'),
  '/ccmservice/networkServices.do': (p) => controlCenterPage(p, 'network'),
  '/ccmservice/serviceActivation.do': serviceActivationPage,
  '/cupadmin/serviceParamEdit.do': (p) => serviceParamPage(p, 'imp'),
  '/cupadmin/messagingSettings.do': messagingPage,
  '/cmplatform/certificateFindList.do': certificateListPage,
  '/cmplatform/certificateUpload.do': certificateUploadPage,
}

/** The largest form the pages take (a Service Parameters page of every parameter fits many times over). */
const MAX_FORM = 64 * 1024

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    ...headers,
  })
  res.end(body)
}

function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(302, {Location: location, 'Cache-Control': 'no-store', ...headers})
  res.end()
}

/** A refusal of a tenants server, for the login page: its reason and its fix. */
function refusal(error: UcError): string {
  return error.fix ? `${error.message} ${error.fix}` : error.message
}

async function simNow(door: DoorContext): Promise<number> {
  const r = await door.run(['sim', 'clock'], {json: true})
  return r.code === 0 ? Date.parse((r.doc as {now: string}).now) : 0
}

function home(p: Page): string {
  return layout(
    p,
    p.app.title,
    html`<p>Welcome. Choose a page:</p>
      <ul>
        ${p.app.menu.map((m) => html`<li><a href="${m.href}">${m.label}</a></li>`)}
      </ul>`,
  )
}

/**
 * The administration pages as one HttpsApp: Cisco Unified CM Administration (/ccmadmin/), Cisco Unified
 * Serviceability (/ccmservice/), the IM and Presence administration (/cupadmin/) and the OS Administration's
 * certificate pages (/cmplatform/). Every page reads the state and
 * makes every change through door.run(), the same commands and bodies as the CLI.
 */
export function webApp(): HttpsApp {
  const sessions = new Sessions()
  return {
    name: 'web',
    prefixes: APPS.map((a) => a.prefix),
    async handle(req: IncomingMessage, res: ServerResponse, door: DoorContext): Promise<void> {
      const u = new URL(req.url ?? '/', 'https://node.invalid')
      // A Unified CM node has no IM and Presence administration, and an IM and Presence node no Unified CM one.
      const app = APPS.find(
        (a) => u.pathname.startsWith(a.prefix) && (!a.product || !door.product || a.product === door.product),
      )
      if (!app) return send(res, 404, document('Not Found', html`<h1>Not Found</h1>`))
      const method = req.method ?? 'GET'
      if (method !== 'GET' && method !== 'POST' && method !== 'HEAD')
        return send(res, 405, document('Method Not Allowed', html`<h1>Method Not Allowed</h1>`), {Allow: 'GET, POST'})
      let form = new URLSearchParams()
      if (method === 'POST') {
        const body = await door.readBody()
        if (body.length > MAX_FORM)
          return send(res, 413, document('Too Large', html`<h1>Request Entity Too Large</h1>`))
        const type = req.headers['content-type'] ?? ''
        form = /^multipart\/form-data/i.test(type)
          ? multipartFields(body, type)
          : new URLSearchParams(body.toString('utf8'))
      }
      const path = u.pathname
      // With tenants (serve https --tenants), the node and its product are known once the account is.
      const wrongProduct = () => Boolean(app.product && door.product && app.product !== door.product)
      const notHere = () => send(res, 404, document('Not Found', html`<h1>Not Found</h1>`))

      if (path === `${app.prefix}j_security_check` && method === 'POST') {
        const account = form.get('j_username') ?? ''
        const password = form.get('j_password') ?? ''
        let ok: {account: string} | undefined
        try {
          ok = account && password ? await door.login(account, password) : undefined
        } catch (error) {
          // A tenants server: the password was right, but the account's lab cannot be served (the reason, the fix).
          if (!(error instanceof UcError)) throw error
          return send(res, 200, loginPage(app, door, refusal(error)))
        }
        if (!ok)
          return send(
            res,
            200,
            loginPage(app, door, 'Invalid username or password, or the account is locked. Try again later.'),
          )
        if (wrongProduct()) return notHere()
        const s = sessions.create({
          account: ok.account,
          tenant: door.tenant,
          cluster: door.cluster,
          node: door.node,
          lastSeen: await simNow(door),
        })
        return redirect(res, `${app.prefix}showHome.do`, {'Set-Cookie': cookieHeader(s.id)})
      }

      const id = cookieValue(req.headers.cookie)
      const known = door.resume && sessions.peek(id)
      if (known) {
        // A tenants server: the session's account says which lab this request works on.
        try {
          await door.resume!(known.account)
        } catch (error) {
          if (!(error instanceof UcError)) throw error
          sessions.end(known.id)
          return send(res, 200, loginPage(app, door, refusal(error)), {'Set-Cookie': clearCookieHeader()})
        }
        if (wrongProduct()) return notHere()
      }
      const now = await simNow(door)
      const session: WebSession | undefined = sessions.find(id, door.node, door.cluster, now, door.tenant)
      if (!session) return send(res, 200, loginPage(app, door))
      session.lastSeen = now

      const page: Page = {
        req,
        res,
        door,
        app,
        method,
        path,
        query: u.searchParams,
        form,
        session,
        field: (name) => form.get(name) ?? u.searchParams.get(name) ?? undefined,
      }
      // Every change is a form post with the session's CSRF token; a post without an action only shows the page.
      const changes = path === `${app.prefix}logout.do` || form.has('action')
      if (method === 'POST' && changes && !csrfOk(session, form.get('csrf'))) {
        return send(
          res,
          403,
          document(
            'Forbidden',
            html`<h1>Forbidden</h1>
              <p>The form has expired. <a href="${path}">Open the page again</a>.</p>`,
          ),
        )
      }
      if (path === `${app.prefix}logout.do`) {
        if (method !== 'POST') return redirect(res, `${app.prefix}showHome.do`)
        sessions.end(session.id)
        return send(res, 200, loginPage(app, door, 'You have logged out.'), {'Set-Cookie': clearCookieHeader()})
      }
      if (path === `${app.prefix}showHome.do` || path === app.prefix) return send(res, 200, home(page))
      const route = ROUTES[path]
      if (!route) return send(res, 404, layout(page, 'Not Found', html`<p>There is no page ${path} on this node.</p>`))
      try {
        return send(res, 200, await route(page))
      } catch (e) {
        if (!(e instanceof PageError)) throw e
        return send(res, 200, layout(page, 'Error', statusArea(errorLines(e))))
      }
    },
  }
}
