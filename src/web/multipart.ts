/**
 * Reads a multipart/form-data body (a file upload form) into fields: text parts by value, file parts by their file
 * name (the simulation keeps names, not contents). The body is already bounded by the caller.
 */
export function multipartFields(body: Buffer, contentType: string): URLSearchParams {
  const fields = new URLSearchParams()
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  if (!m) return fields
  const boundary = `--${m[1] ?? m[2]}`
  const text = body.toString('latin1')
  for (const part of text.split(boundary).slice(1)) {
    if (part.startsWith('--')) break
    const split = part.indexOf('\r\n\r\n')
    if (split < 0) continue
    const head = part.slice(0, split)
    const disposition = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? ''
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1]
    if (name === undefined) continue
    const file = /\bfilename="([^"]*)"/i.exec(disposition)
    const value = part.slice(split + 4).replace(/\r\n$/, '')
    fields.append(name, Buffer.from(file ? file[1] : value, 'latin1').toString('utf8'))
  }
  return fields
}
