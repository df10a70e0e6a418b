/* eslint-disable @typescript-eslint/no-require-imports -- cisco-axl is a CommonJS package, driven as its README shows */
// Drives the npm package cisco-axl, unmodified, against https://HOST:8443/axl/ (it always uses port 8443).
// Usage: node axl.cjs HOST USER PASSWORD VERSION '[{"op": "getCCMVersion", "tags": {}}]'
// Prints one JSON line: an array with {ok: result} or {fault: {faultcode, faultstring, detail}} per operation.
// NODE_TLS_REJECT_UNAUTHORIZED=0 is set by the caller for this process only (the node's certificate is self-signed).
const AxlService = require('cisco-axl')

const [host, user, password, version, json] = process.argv.slice(2)
const ops = JSON.parse(json)

async function main() {
  const service = new AxlService(host, user, password, version)
  const out = []
  for (const o of ops) {
    try {
      out.push({ok: await service.executeOperation(o.op, o.tags ?? {}, o.opts ?? {})})
    } catch (e) {
      if (e && typeof e === 'object' && 'faultstring' in e)
        out.push({fault: {faultcode: e.faultcode, faultstring: e.faultstring, detail: e.detail}})
      else out.push({error: String((e && e.message) || e)})
    }
  }
  process.stdout.write(JSON.stringify(out) + '\n')
}
main().catch((e) => {
  process.stderr.write(String(e && e.stack) + '\n')
  process.exit(1)
})
