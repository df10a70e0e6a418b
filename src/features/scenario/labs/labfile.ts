import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, resolve} from 'node:path'

import {loadYaml} from './yaml.js'
import {UsageError} from '../../../core/errors.js'
import {suggest} from '../../../core/ids.js'
import {readFileLimited} from '../../../core/read.js'
import {escapeControls} from '../../../core/text.js'

/*
 * Lab files: YAML or JSON (JSON is read as YAML, which keeps line numbers), checked against the published schema
 * data/lab.schema.json with ajv. Every problem is reported with its path and line; nothing is applied when any.
 */

// The file's types are generated from the schema (scripts/lab-types.mjs), the one place a lab-file field is declared.
export type {AccountSpec, ClusterSpec, LabDoc} from './lab-types.js'
import type {ClusterSpec, LabDoc} from './lab-types.js'
export type NodeSpec = ClusterSpec['nodes'][number]
export type Role = NodeSpec['role']
export type OnboardingSpec = NonNullable<ClusterSpec['onboarding']>
export type ClientSpec = NonNullable<ClusterSpec['clients']>[number]

export interface Problem {
  path: string
  line: number | null
  message: string
}

/** A lab file read and checked against the schema: its document, where it came from, and a way to find lines. */
export interface LabFile {
  source: string
  /** Folder that relative paths in the file (password and key files) are relative to. */
  baseDir: string
  doc: LabDoc
  lineOf(path: Array<string | number>): number | null
  /** Where the file does not match the schema (checkLab adds the rest, then throws if any). */
  problems: Problem[]
}

/** At most this much is read from a lab file or stdin. */
export const MAX_LAB_BYTES = 8 * 1024 * 1024

/** Reads FILE, or stdin for `-`. */
export async function readLabText(file: string, stdin: NodeJS.ReadableStream): Promise<{text: string; source: string; baseDir: string}> {
  if (file === '-') {
    const chunks: Buffer[] = []
    let size = 0
    for await (const c of stdin) {
      const b = Buffer.isBuffer(c) ? c : Buffer.from(String(c))
      size += b.length
      if (size > MAX_LAB_BYTES) throw new UsageError(`The lab file on stdin is larger than ${MAX_LAB_BYTES / 1024 / 1024} MB.`, {code: 'LAB_TOO_LARGE'})
      chunks.push(b)
    }
    return {text: Buffer.concat(chunks).toString('utf8'), source: '<stdin>', baseDir: process.cwd()}
  }
  let text: string
  try {
    const {statSync} = await import('node:fs')
    const st = statSync(file)
    if (st.isDirectory()) throw Object.assign(new Error('is a folder'), {code: 'EISDIR'})
    if (st.size > MAX_LAB_BYTES) throw new UsageError(`${file} is larger than ${MAX_LAB_BYTES / 1024 / 1024} MB.`, {code: 'LAB_TOO_LARGE'})
    // Devices and FIFOs have no size: read with the bound (never /dev/zero whole).
    text = readFileLimited(file, MAX_LAB_BYTES, `The lab file ${file}`)
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`Cannot read the lab file ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, {
      code: 'BAD_LAB_FILE',
      fix: 'Give a YAML or JSON lab file, or - for stdin (see labs/example.yaml).',
    })
  }
  return {text, source: file, baseDir: dirname(resolve(file))}
}

let validator: ((doc: unknown) => boolean) & {errors?: Array<{instancePath: string; keyword: string; params: Record<string, unknown>; message?: string}> | null}
let compiledAhead = false

/** Whether lab files are checked by the validator the build compiled (dist/), not by compiling the schema at start. */
export function usesCompiledValidator(): boolean {
  validate()
  return compiledAhead
}

function validate(): typeof validator {
  if (!validator) {
    const require = createRequire(import.meta.url)
    try {
      // Built by scripts/build-labs.mjs (npm run build) beside this module: the schema compiled ahead of time.
      validator = require('./lab-validator.cjs') as typeof validator
      if (typeof validator !== 'function') validator = (validator as unknown as {default: typeof validator}).default
      compiledAhead = true
    } catch {
      // From src/ (tests through tsx): compile the schema here (about 200 ms).
      const Ajv = require('ajv') as typeof import('ajv').default
      const ajv = new Ajv({allErrors: true, strict: false})
      const schema = JSON.parse(readFileSync(new URL('../../../../data/lab.schema.json', import.meta.url), 'utf8'))
      validator = ajv.compile(schema) as typeof validator
    }
  }
  return validator
}

const pathText = (p: Array<string | number>) => p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : String(k)), '') || '(top)'

export class LabProblems extends UsageError {
  constructor(readonly source: string, problems: Problem[]) {
    problems = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
    super(`${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the lab file; nothing was changed.`, {
      code: 'BAD_LAB_FILE',
      fix: 'Fix the lines above (the schema is data/lab.schema.json).',
      details: {problems},
    })
  }

  /** One line per problem, as compilers print them: `FILE:LINE: PATH: MESSAGE`. */
  get problems(): Problem[] {
    return (this.details as {problems: Problem[]}).problems
  }

  lines(): string[] {
    // Escaped as trace lines are: a file's ESC, BEL or NUL never reaches the terminal (a forged line, a retitle).
    return this.problems.map((p) => escapeControls(`${this.source}${p.line === null ? '' : `:${p.line}`}: ${p.path}: ${p.message}`))
  }
}

/** Parses a lab file and checks it against the schema; throws LabProblems for syntax errors, returns schema problems. */
export async function parseLab(text: string, source: string, baseDir: string): Promise<LabFile> {
  const YAML = await loadYaml()
  const lc = new YAML.LineCounter()
  const doc = YAML.parseDocument(text, {lineCounter: lc, prettyErrors: true, uniqueKeys: true})
  const problems: Problem[] = []
  for (const e of doc.errors) {
    problems.push({path: '(syntax)', line: e.linePos?.[0]?.line ?? null, message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')})
  }
  // JSON files are read strictly as JSON (YAML would accept a trailing comma), still with line numbers.
  if (problems.length === 0 && (/\.json$/i.test(source) || /^\s*[{[]/.test(text) && !/^\s*#/.test(text))) {
    try {
      JSON.parse(text)
    } catch (error) {
      const m = /position (\d+)/.exec((error as Error).message)
      problems.push({path: '(syntax)', line: m ? lc.linePos(Number(m[1])).line : null, message: `not valid JSON: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, '')}`})
    }
  }
  const lineAt = (offset: number | undefined) => (offset === undefined ? null : lc.linePos(offset).line)
  const lineOf = (path: Array<string | number>): number | null => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as {range?: [number, number, number]} | undefined
      if (node && typeof node === 'object' && node.range) return lineAt(node.range[0])
    }
    return null
  }
  /** The line of a key of a map (for an unknown key). */
  const keyLine = (path: Array<string | number>, key: string): number | null => {
    const map = (path.length ? doc.getIn(path, true) : doc.contents) as {items?: Array<{key?: {value?: unknown; range?: [number, number, number]}}>} | undefined
    const pair = map?.items?.find((p) => p.key?.value === key)
    return pair?.key?.range ? lineAt(pair.key.range[0]) : lineOf(path)
  }
  if (problems.length) throw new LabProblems(source, problems)
  const value = toJS(YAML, doc, source, lineAt)
  if (value === null || value === undefined) throw new LabProblems(source, [{path: '(top)', line: 1, message: 'The file is empty: a lab file has `clusters:` at least.'}])
  const v = validate()
  if (!v(value)) {
    for (const e of v.errors ?? []) {
      const path = pointerPath(value, e.instancePath)
      if (e.keyword === 'additionalProperties') {
        const extra = String(e.params.additionalProperty)
        const near = extra === 'password' ? [] : suggest(extra, keysAt(path))
        const msg =
          extra === 'password'
            ? 'a password is never written in a lab file: use passwordFile (a file) or passwordEnv (an environment variable).'
            : near.length
              ? `unknown key "${extra}"; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`
              : `unknown key "${extra}"${e.instancePath.endsWith('/parameters') ? ' (parameters are named by their id, e.g. push-ha; see `ucadmin param enterprise list --json`)' : ''}.`
        problems.push({path: pathText([...path, extra]), line: keyLine(path, extra), message: msg})
      } else if (e.keyword === 'oneOf' || e.keyword === 'if') {
        continue
      } else if (e.keyword === 'not' && e.instancePath.includes('accounts')) {
        problems.push({path: pathText(path), line: lineOf(path), message: 'give either passwordFile or passwordEnv, not both.'})
      } else {
        const detail = e.keyword === 'enum' ? `must be one of ${(e.params.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}` : e.message ?? e.keyword
        problems.push({path: pathText(path), line: lineOf(path), message: `${detail}.`})
      }
    }
    if (problems.length === 0) problems.push({path: '(top)', line: 1, message: 'the file does not match the lab schema.'})
  }
  return {source, baseDir, doc: value as LabDoc, lineOf, problems: dedupe(problems)}
}

/** Aliases may expand to at most this many nodes in all (a lab file needs none; YAML's "billion laughs" needs many). */
export const MAX_ALIAS_COUNT = 100

/** The document as plain values; aliases that expand beyond the bound are bad input at the line of the first alias. */
function toJS(YAML: typeof import('yaml'), doc: import('yaml').Document, source: string, lineAt: (offset: number | undefined) => number | null): unknown {
  try {
    return doc.toJS({maxAliasCount: MAX_ALIAS_COUNT}) as unknown
  } catch (error) {
    if (!(error instanceof ReferenceError) || !/alias/i.test(error.message)) throw error
    let line: number | null = null
    YAML.visit(doc, {
      Alias(_key, node) {
        line = lineAt(node.range?.[0])
        return YAML.visit.BREAK
      },
    })
    throw new LabProblems(source, [
      {path: '(syntax)', line, message: `YAML aliases here expand to more than ${MAX_ALIAS_COUNT} nodes; a lab file needs no nested aliases (write the values out).`},
    ])
  }
}

/** The keys the schema allows in the map at path (for a did-you-mean on an unknown key). */
function keysAt(path: Array<string | number>): string[] {
  const schema = JSON.parse(readFileSync(new URL('../../../../data/lab.schema.json', import.meta.url), 'utf8')) as SchemaNode
  const deref = (n: SchemaNode | undefined): SchemaNode | undefined => (n?.$ref ? schema.definitions?.[n.$ref.replace('#/definitions/', '')] : n)
  let node = deref(schema)
  for (const k of path) {
    if (!node) return []
    node = deref(typeof k === 'number' ? node.items : node.properties?.[k] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined))
    if (node?.oneOf) node = deref(node.oneOf.find((x) => x.properties))
  }
  return Object.keys(node?.properties ?? {}).filter((k) => k !== '$schema')
}

interface SchemaNode {
  $ref?: string
  properties?: Record<string, SchemaNode>
  additionalProperties?: boolean | SchemaNode
  items?: SchemaNode
  oneOf?: SchemaNode[]
  definitions?: Record<string, SchemaNode>
}

/** A JSON pointer as a path, with array indexes as numbers (so they print as [i]). */
function pointerPath(root: unknown, pointer: string): Array<string | number> {
  const out: Array<string | number> = []
  let cur = root
  for (const raw of pointer.split('/').slice(1)) {
    const k = raw.replaceAll('~1', '/').replaceAll('~0', '~')
    if (Array.isArray(cur)) {
      out.push(Number(k))
      cur = cur[Number(k)]
    } else {
      out.push(k)
      cur = (cur as Record<string, unknown> | undefined)?.[k]
    }
  }
  return out
}

function dedupe(ps: Problem[]): Problem[] {
  const seen = new Set<string>()
  return ps.filter((p) => {
    const k = `${p.path}\u0000${p.message}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}


export {pathText}
