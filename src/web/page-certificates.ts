import {html} from './html.js'
import {type Page, type StatusLine, change, csrfField, errorLines, read, statusArea} from './context.js'
import {layout} from './layout.js'

interface CertDoc {
  certificates: Array<{node: string; store: string; name: string; uploadedAt: string}>
}

const PURPOSES = ['tomcat-trust', 'callmanager-trust']

/** Security > Certificate Management: the node's uploaded trust certificates. */
export async function certificateListPage(p: Page): Promise<string> {
  const certs = (await read<CertDoc>(p, ['cert', 'list', '--node', p.door.node])).certificates
  const body = html`<div class="toolbar">
      <a href="${p.app.prefix}certificateUpload.do">Upload Certificate/Certificate chain</a>
    </div>
    ${statusArea([{kind: 'info', text: `${certs.length} trust certificate${certs.length === 1 ? '' : 's'} uploaded on ${p.door.node}`}])}
    <table class="list">
      <thead>
        <tr>
          <th>Certificate</th>
          <th>Common Name</th>
          <th>Type</th>
          <th>Uploaded</th>
        </tr>
      </thead>
      <tbody>
        ${certs.map(
          (c) =>
            html`<tr>
              <td>${c.store}</td>
              <td>${c.name}</td>
              <td>trust-certs</td>
              <td>${c.uploadedAt}</td>
            </tr>`,
        )}
      </tbody>
    </table>`
  return layout(p, 'Certificate List', body)
}

/** Upload Certificate/Certificate chain: Certificate Purpose, Description, Upload File (the file's name is kept). */
export async function certificateUploadPage(p: Page): Promise<string> {
  const lines: StatusLine[] = []
  if (p.method === 'POST' && p.form.get('action') === 'Upload') {
    const purpose = p.form.get('CERT_PURPOSE') ?? ''
    const file = (p.form.get('file') ?? '').split(/[\\/]/).pop() ?? ''
    if (!PURPOSES.includes(purpose)) lines.push({kind: 'error', text: 'Choose a Certificate Purpose.'})
    else if (!file) lines.push({kind: 'error', text: 'Choose the file to upload.'})
    else if (file.startsWith('-')) lines.push({kind: 'error', text: `"${file}" is not a certificate name.`})
    else {
      const r = await change<CertDoc>(p, ['cert', 'upload', purpose, file, '--node', p.door.node])
      if (r.ok)
        lines.push({kind: 'ok', text: `Success: Certificate Uploaded (${file} to ${purpose} on ${p.door.node})`})
      else lines.push(...errorLines(r.error))
    }
  }
  const body = html`<form method="post" action="${p.app.prefix}certificateUpload.do" enctype="multipart/form-data">
    ${csrfField(p)} ${statusArea(lines)}
    <h2>Upload Certificate</h2>
    <table class="form">
      <tr>
        <td><label for="CERT_PURPOSE">Certificate Purpose</label></td>
        <td>
          <select id="CERT_PURPOSE" name="CERT_PURPOSE">
            ${PURPOSES.map((x) => html`<option value="${x}">${x}</option>`)}
          </select>
        </td>
      </tr>
      <tr>
        <td><label for="DESCRIPTION">Description(friendly name)</label></td>
        <td><input type="text" id="DESCRIPTION" name="DESCRIPTION" /></td>
      </tr>
      <tr>
        <td><label for="file">Upload File</label></td>
        <td><input type="file" id="file" name="file" /></td>
      </tr>
    </table>
    <div class="toolbar"><button type="submit" name="action" value="Upload">Upload</button></div>
  </form>`
  return layout(p, 'Upload Certificate/Certificate chain', body)
}
