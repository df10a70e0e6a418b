import {KiB, MiB, readFileLimited, readStreamLimited} from '../../../../core/read.js'

import type {Ctx} from '../../../../command/handler.js'
import {handler} from '../../../../command/handler.js'
import {
  type AccountView,
  type AuthorizedKey,
  accountView,
  addAccount,
  changePassword,
  checkAccountName,
  checkPassword,
  hashPassword,
  parseAuthorizedKeys,
  passwordFromStdin,
  removeAccount,
  requireAccount,
} from '../accounts.js'
import {UsageError} from '../../../../core/errors.js'
import {cucmTable} from '../../../../render/table.js'
import {listAccounts} from '../store.js'

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)])

/** A password is at most 256 characters; stdin beyond a few KiB is not a password. */
const MAX_PASSWORD_INPUT = 4 * KiB
/** An authorized_keys file with a few hundred keys fits easily. */
const MAX_KEY_FILE = 1 * MiB

function readAll(ctx: Ctx): Promise<string> {
  return readStreamLimited(
    ctx.io.in,
    MAX_PASSWORD_INPUT,
    'The password on stdin',
    'Pipe the password alone, e.g. `printf %s "$PW" | ucadmin account add NAME --password-stdin`.',
  )
}

/**
 * The password: from stdin with --password-stdin, else asked twice with echo off on a terminal. Never from argv.
 * `optional`: without either, the account gets no password (key login only).
 */
async function obtainPassword(ctx: Ctx, fromStdin: boolean, optional: boolean): Promise<string | null> {
  if (fromStdin) return checkPassword(passwordFromStdin(await readAll(ctx)))
  if (ctx.interactive) {
    const {password} = await import('@inquirer/prompts')
    const ctxs = {input: ctx.io.in, output: ctx.io.out}
    const first = await password({message: 'New password:'}, ctxs)
    checkPassword(first)
    const again = await password({message: 'Repeat the password:'}, ctxs)
    if (again !== first)
      throw new UsageError('The two passwords differ; nothing was changed.', {
        code: 'PASSWORD_MISMATCH',
        fix: 'Run the command again.',
      })
    return first
  }
  if (optional) return null
  throw new UsageError('No password given (a password is never taken from the command line).', {
    code: 'NO_PASSWORD',
    fix: 'Pipe it on stdin with --password-stdin, e.g. `printf %s "$PW" | ucadmin account add admin --password-stdin`, or run on a terminal to be asked.',
  })
}

function readKeys(files: string[]): AuthorizedKey[] {
  return files.flatMap((f) => {
    let text: string
    try {
      text = readFileLimited(
        f,
        MAX_KEY_FILE,
        `The public key file ${f}`,
        'Give an OpenSSH public key file such as ~/.ssh/id_ed25519.pub.',
      )
    } catch (error) {
      if (error instanceof UsageError) throw error
      throw new UsageError(
        `Cannot read the public key file ${f} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
        {
          code: 'BAD_PUBLIC_KEY',
          fix: 'Give the path of an OpenSSH public key file, e.g. ~/.ssh/id_ed25519.pub.',
        },
      )
    }
    return parseAuthorizedKeys(text, f)
  })
}

function describe(v: AccountView): string {
  const how = [
    v.password ? 'password' : '',
    v.keys.length ? `${v.keys.length} key${v.keys.length === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(' and ')
  const where = v.node
    ? `node ${v.node} (cluster ${v.cluster})`
    : v.cluster
      ? `cluster ${v.cluster} (its publisher)`
      : "the server's default node"
  return `${how}; sessions land on ${where}`
}

// add and passwd run in a deferred transaction (write: false): reading stdin, prompting and hashing take no lock,
// and the domain's first statement is a write, which then takes the lock (waiting on the busy timeout if needed).
export const add = handler<AccountView>({
  write: false,
  async run(ctx, {args, flags}) {
    const name = checkAccountName(args.name!)
    const keys = readKeys(list(flags['authorized-key']))
    const password = await obtainPassword(ctx, flags['password-stdin'] === true, keys.length > 0)
    const passwordHash = password === null ? null : await hashPassword(password)
    return addAccount(ctx.store, ctx.clock, {
      name,
      passwordHash,
      node: flags.node as string | undefined,
      cluster: flags.cluster as string | undefined,
      keys,
    })
  },
  human(ctx, v) {
    ctx.out.line(`Added account ${v.name}: ${describe(v)}.`)
  },
})

export const passwd = handler<AccountView>({
  write: false,
  async run(ctx, {args, flags}) {
    const name = checkAccountName(args.name!)
    const password = (await obtainPassword(ctx, flags['password-stdin'] === true, false))!
    return changePassword(ctx.store, ctx.clock, name, await hashPassword(password))
  },
  human(ctx, v) {
    ctx.out.line(`Changed the password of account ${v.name}.`)
  },
})

export const remove = handler<{name: string; deleted: boolean}>({
  async run(ctx, {args}) {
    const a = requireAccount(ctx.store, checkAccountName(args.name!))
    if (
      !(await ctx.confirm(
        `This deletes account ${a.name}; it can no longer log in (open sessions stay until they end).`,
      ))
    ) {
      throw new UsageError('Not deleted: you answered no.', {code: 'DECLINED'})
    }
    return removeAccount(ctx.store, a.name)
  },
  human(ctx, r) {
    ctx.out.line(`Deleted account ${r.name}.`)
  },
})

export const show = handler<{accounts: AccountView[]}>({
  write: false,
  run(ctx) {
    return {accounts: listAccounts(ctx.store).map((a) => accountView(ctx.store, a))}
  },
  async human(ctx, r) {
    if (r.accounts.length === 0) {
      ctx.out.line('No accounts. Add one: ucadmin account add NAME --password-stdin')
      return
    }
    const rows = r.accounts.map((a) => [
      a.name,
      a.node ?? '(default)',
      a.cluster ?? '(default)',
      a.password ? 'yes' : 'no',
      String(a.keys.length),
    ])
    ctx.out.lines(await cucmTable(['name', 'node', 'cluster', 'password', 'keys'], rows))
  },
})
