import type {IncomingMessage, ServerResponse} from 'node:http'

import type {DoorContext} from '../https/app.js'
import {type Html, html} from './html.js'
import type {WebSession} from './sessions.js'

/** One of the administration applications: its path prefix, its title, its menus. */
export interface WebAppDef {
  /** Served only on nodes of this product (none: on every node). */
  product?: 'cucm' | 'imp'
  prefix: '/ccmadmin/' | '/ccmservice/' | '/cupadmin/' | '/cmplatform/'
  appNav: string
  title: string
  menu: Array<{label: string; href: string}>
}

/** What a page handler gets: the request, its parsed query and form, the session, the door to the state. */
export interface Page {
  req: IncomingMessage
  res: ServerResponse
  door: DoorContext
  app: WebAppDef
  method: string
  path: string
  query: URLSearchParams
  form: URLSearchParams
  session: WebSession
  /** A query or form field (form first). */
  field(name: string): string | undefined
}

/** A command that failed: its one line and its fix, for the Status area. */
export class PageError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message)
  }
}

interface ErrorDoc {
  error?: {message?: string; fix?: string}
}

/** Runs a command through the door as the session's account and returns its --json document; failures throw PageError. */
export async function read<T>(p: Page, argv: string[]): Promise<T> {
  const r = await p.door.run(argv, {json: true, account: p.session.account})
  if (r.code !== 0) throw failure(r.doc, r.stderr)
  return r.doc as T
}

/** The outcome of a change made through the door: its document, or the error for the Status area. */
export type Outcome<T> = {ok: true; doc: T} | {ok: false; error: PageError}

export async function change<T>(p: Page, argv: string[]): Promise<Outcome<T>> {
  const r = await p.door.run(argv, {json: true, account: p.session.account})
  if (r.code !== 0) return {ok: false, error: failure(r.doc, r.stderr)}
  return {ok: true, doc: r.doc as T}
}

function failure(doc: unknown, stderr: string): PageError {
  const e = (doc as ErrorDoc | undefined)?.error
  if (e?.message) return new PageError(e.message, e.fix)
  return new PageError(stderr.trim().replace(/^Error: /, '') || 'The command failed.')
}

/** A status line of the page's Status area. */
export interface StatusLine {
  kind: 'info' | 'error' | 'ok'
  text: string | Html
}

export function errorLines(e: PageError): StatusLine[] {
  return [{kind: 'error', text: e.message}, ...(e.fix ? [{kind: 'info' as const, text: e.fix}] : [])]
}

/** The Status area every page has, as the real pages do: a heading and one line per message. */
export function statusArea(lines: StatusLine[]): Html {
  const shown = lines.length ? lines : [{kind: 'info' as const, text: 'Status: Ready'}]
  return html`<section class="status" aria-labelledby="status-heading">
    <h2 id="status-heading">Status</h2>
    <ul role="status">
      ${shown.map((l) => html`<li class="status-${l.kind}">${l.text}</li>`)}
    </ul>
  </section>`
}

/** The hidden CSRF field of every form that changes something. */
export function csrfField(p: Page): Html {
  return html`<input type="hidden" name="csrf" value="${p.session.csrf}" />`
}
