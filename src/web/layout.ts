import type {DoorContext} from '../https/app.js'
import {type Html, html, raw} from './html.js'
import {type Page, type WebAppDef, csrfField} from './context.js'

/** Plain CSS in the spirit of the administration pages (blue header bar, menu bar, grey form tables); no images. */
const CSS = raw(`
body{font-family:Arial,Helvetica,sans-serif;font-size:13px;margin:0;color:#222;background:#fff}
header.banner{background:#0b3a63;color:#fff;padding:8px 14px;display:flex;justify-content:space-between;align-items:center}
header.banner .product{font-size:17px;font-weight:bold}
header.banner .who{font-size:12px}
header.banner form{display:inline;margin-left:10px}
nav.menu{background:#dfe6ee;border-bottom:1px solid #9fb3c8;padding:4px 14px}
nav.menu a{margin-right:16px;color:#0b3a63;text-decoration:none;font-weight:bold}
main{padding:10px 14px}
h1{font-size:17px;border-bottom:2px solid #0b3a63;padding-bottom:4px}
h2{font-size:14px;background:#e8edf2;padding:3px 6px;margin:14px 0 6px}
.toolbar{background:#f1f1f1;border:1px solid #ccc;padding:4px;margin-bottom:8px}
.toolbar button,.toolbar input[type=submit]{margin-right:6px}
section.status ul{list-style:none;padding:0 6px;margin:0}
.status-error{color:#b00020}.status-ok{color:#0a6b0a}.status-info{color:#333}
table.form,table.list{border-collapse:collapse;margin:4px 0}
table.form td,table.list td,table.list th{border:1px solid #d0d7de;padding:3px 8px;text-align:left}
table.list th{background:#e8edf2}
tr.content-form-stripe-odd{background:#fff}tr.content-form-stripe-even{background:#f4f7fa}
fieldset{border:1px solid #ccc;margin:6px 0}
.login{max-width:380px;margin:40px auto;border:1px solid #9fb3c8;padding:16px}
.login label{display:block;margin-top:8px}
`)

export function document(title: string, body: Html): string {
  return html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${title}</title>
        <style>
          ${CSS}
        </style>
      </head>
      <body>
        ${body}
      </body>
    </html>`.text
}

/** A page of an application, logged in: header, menus, the page's heading and content. */
export function layout(p: Page, title: string, content: Html): string {
  return document(
    `${title} - ${p.app.title}`,
    html`<header class="banner">
        <span class="product">${p.app.title}</span>
        <span class="who"
          >Node ${p.door.node} &middot; Logged in as ${p.session.account}
          <form method="post" action="${p.app.prefix}logout.do">
            ${csrfField(p)}<button type="submit">Logout</button>
          </form></span
        >
      </header>
      <nav class="menu" aria-label="Menu">${p.app.menu.map((m) => html`<a href="${m.href}">${m.label}</a>`)}</nav>
      <main>
        <h1>${title}</h1>
        ${content}
      </main>`,
  )
}

/** The login form of an application, as on a real node: j_username, j_password, posted to j_security_check. */
export function loginPage(app: WebAppDef, door: DoorContext, message?: string): string {
  return document(
    app.title,
    html`<header class="banner">
        <span class="product">${app.title}</span><span class="who">Node ${door.node}</span>
      </header>
      <main>
        <form class="login" method="post" action="${app.prefix}j_security_check">
          <h1>${app.title}</h1>
          ${message ? html`<p role="alert" class="status-error">${message}</p>` : ''}
          <input type="hidden" name="appNav" value="${app.appNav}" />
          <label for="j_username">Username</label
          ><input type="text" id="j_username" name="j_username" autocomplete="username" required />
          <label for="j_password">Password</label
          ><input type="password" id="j_password" name="j_password" autocomplete="current-password" required />
          <p><button type="submit" name="login" value="Login">Login</button></p>
        </form>
      </main>`,
  )
}
