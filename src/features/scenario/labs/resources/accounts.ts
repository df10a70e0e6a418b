import {resolve} from 'node:path'

import type {Env} from '../../../../command/handler.js'
import {UsageError} from '../../../../core/errors.js'
import {readFileLimited} from '../../../../core/read.js'
import {clusterHoldingHost, findCluster} from '../../../world/cluster/store.js'
import {currentClusterId, useCluster} from '../../../world/cluster/topology.js'
import {accountTarget, addAccount, changePassword, checkAccountName, checkPassword, parseAuthorizedKeys, passwordFromStdin} from '../../../platform/accounts/accounts.js'
import {accountKeys, findAccount, setAccountTarget} from '../../../platform/accounts/store.js'
import type {AccountSpec, LabFile} from '../labfile.js'
import {type LabReconciler, type Step, step} from './types.js'

/**
 * The password an account of the file names (a file relative to the lab file's folder, or an environment variable),
 * checked; undefined when none.
 */
export function readPassword(env: Env, lab: LabFile, a: AccountSpec): string | undefined {
  if (a.passwordEnv !== undefined) {
    const v = env[a.passwordEnv]
    if (v === undefined) throw new UsageError(`the environment variable ${a.passwordEnv} is not set.`, {fix: `Export it: export ${a.passwordEnv}=...`})
    return checkPassword(v)
  }
  if (a.passwordFile === undefined) return undefined
  let text: string
  try {
    text = readFileLimited(resolve(lab.baseDir, a.passwordFile), 4096, `the password file ${a.passwordFile}`)
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`cannot read the password file ${a.passwordFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`)
  }
  return checkPassword(passwordFromStdin(text))
}

function readKeys(lab: LabFile, file: string) {
  let text: string
  try {
    text = readFileLimited(resolve(lab.baseDir, file), 1024 * 1024, `the public key file ${file}`)
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`cannot read the public key file ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`)
  }
  return parseAuthorizedKeys(text, file)
}

/** `account add` as a person types it for this account of the file (password on stdin, keys, target). */
function addStep(a: AccountSpec, hasPassword: boolean, detail: string): Step {
  const target = [...(a.cluster ? ['--cluster', a.cluster] : []), ...(a.node ? ['--node', a.node] : [])]
  const keys = a.authorizedKeysFile ? ['--authorized-key', a.authorizedKeysFile] : []
  const argv = ['account', 'add', a.name, ...(hasPassword ? ['--password-stdin'] : []), ...keys, ...target]
  const stdin = !hasPassword ? undefined : a.passwordEnv !== undefined ? (`env:${a.passwordEnv}` as const) : (`file:${a.passwordFile!}` as const)
  return step(argv, detail, stdin)
}

/** SSH accounts for `serve ssh`: `account add`, `account passwd`; a new target is `account delete` and `account add`. */
export const accounts: LabReconciler = {
  kind: 'accounts',
  commands: ['account:add', 'account:passwd', 'account:delete'],
  check(k) {
    const doc = k.doc
    ;(Array.isArray(doc.accounts) ? doc.accounts : []).forEach((a, i) => {
      const base = ['accounts', i]
      k.tryAt([...base, 'name'], () => checkAccountName(a.name))
      const hasCredential = a.passwordFile !== undefined || a.passwordEnv !== undefined || a.authorizedKeysFile !== undefined
      const existing = findAccount(k.store, a.name)
      if (!hasCredential && !existing) k.at(base, 'a new account needs passwordFile, passwordEnv or authorizedKeysFile.')
      k.tryAt([...base, a.passwordFile !== undefined ? 'passwordFile' : 'passwordEnv'], () => readPassword(k.env, k.lab, a))
      if (a.authorizedKeysFile !== undefined) k.tryAt([...base, 'authorizedKeysFile'], () => readKeys(k.lab, a.authorizedKeysFile!))
      if (a.cluster !== undefined && !doc.clusters[a.cluster] && !findCluster(k.store, a.cluster)) k.at([...base, 'cluster'], `no cluster ${a.cluster} in the file or the state.`)
      if (a.node !== undefined) {
        const inFile = Object.entries(doc.clusters).find(([n, c]) => (a.cluster === undefined || a.cluster === n) && c.nodes.some((x) => x.host.toLowerCase() === a.node!.toLowerCase()))
        if (!inFile && !clusterHoldingHost(k.store, a.node)) k.at([...base, 'node'], `no node ${a.node} in the file or the state.`)
      }
    })
  },
  units(k) {
    const {store, clock} = k
    return (k.lab.doc.accounts ?? []).map((a, i) => ({
      path: ['accounts', i],
      resource: `account/${a.name}`,
      apply(steps) {
        const existing = findAccount(store, a.name)
        const hash = k.hashes.get(a.name)
        if (!existing) {
          const keys = a.authorizedKeysFile !== undefined ? readKeys(k.lab, a.authorizedKeysFile) : []
          addAccount(store, clock, {name: a.name, passwordHash: hash ?? null, node: a.node, cluster: a.cluster, keys})
          steps.push(addStep(a, hash !== undefined, `SSH account ${a.name}`))
          return true
        }
        const moves = (a.node !== undefined || a.cluster !== undefined) && (() => {
          const t = accountTarget(store, a.node, a.cluster)
          return t.nodeHost !== existing.nodeHost || t.clusterName !== existing.clusterName ? t : undefined
        })()
        if (moves) {
          // No command moves an account: a person deletes it and adds it again with its password and keys, so the
          // file must name them for the printed commands to make the same account.
          const lacks = [
            ...(existing.passwordHash && a.passwordFile === undefined && a.passwordEnv === undefined ? ['passwordFile or passwordEnv'] : []),
            ...(accountKeys(store, existing.id).length && a.authorizedKeysFile === undefined ? ['authorizedKeysFile'] : []),
          ]
          if (lacks.length) {
            throw new UsageError(`account ${a.name} moves to another node or cluster, which is account delete and account add: the file must give its ${lacks.join(' and ')}.`, {
              fix: `Add ${lacks.join(' and ')} to the account, or leave its node and cluster as they are.`,
            })
          }
          if (hash) changePassword(store, clock, a.name, hash)
          setAccountTarget(store, existing.id, moves.nodeHost, moves.clusterName)
          const detail = `SSH account ${a.name}: sessions land on ${moves.nodeHost ?? 'the publisher'} of ${moves.clusterName ?? 'the default cluster'}`
          steps.push(step(['account', 'delete', a.name, '--yes'], `SSH account ${a.name}: removed to be added again`))
          steps.push(addStep(a, a.passwordFile !== undefined || a.passwordEnv !== undefined, detail))
          return false
        }
        if (hash) {
          changePassword(store, clock, a.name, hash)
          steps.push(step(['account', 'passwd', a.name, '--password-stdin'], `SSH account ${a.name}: new password`, a.passwordEnv !== undefined ? `env:${a.passwordEnv}` : `file:${a.passwordFile!}`))
        }
        return false
      },
    }))
  },
}

/** The current cluster: `cluster use NAME`. */
export const current: LabReconciler = {
  kind: 'current',
  commands: ['cluster:use'],
  check(k) {
    const c = k.doc.current
    if (typeof c === 'string' && !k.doc.clusters?.[c] && !findCluster(k.store, c)) k.at(['current'], `no cluster ${c} in the file or the state.`)
  },
  units(k) {
    const name = k.lab.doc.current
    if (name === undefined) return []
    return [
      {
        path: ['current'],
        resource: 'current',
        apply(steps) {
          const c = findCluster(k.store, name)!
          if (currentClusterId(k.store) === c.id) return false
          useCluster(k.store, c.name)
          steps.push(step(['cluster', 'use', c.name], `current cluster: ${c.name}`))
          return false
        },
      },
    ]
  },
}
