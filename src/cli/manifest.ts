import {Plugin} from '@oclif/core'

import {POLICY_FIELDS, type Manifest, type ManifestCommand} from '../run/fast.js'
import {type UcCommand, policyOf, specOf} from './base.js'

export interface BuiltManifest {
  /** oclif.manifest.json: what oclif's help, topics and fallback read, with the parser's types and the policy. */
  oclif: {version: string; commands: Record<string, ManifestCommand & Record<string, unknown>>}
  /** dist/commands.json: what the fast path reads at every start (ids, flags, args, handlers, policy; no help). */
  compact: Manifest & {version: string}
}

/**
 * The manifests of the package at ROOT, from its command classes, with @oclif/core's own Plugin loader (as
 * `oclif manifest` does, without the `oclif` publishing tools). Beyond oclif's manifest: the bounds of integer flags
 * and args (Flags.integer({min, max}), Args.integer) by the same specOf() that UcCommand uses, `typed: true` (the
 * fast path parses only what carries them), and the policy fields (CommandPolicy), copied explicitly. Under tsx with
 * NODE_ENV development or test, oclif loads the TypeScript sources (the unit tests need no build).
 */
export async function buildManifest(root: string): Promise<BuiltManifest> {
  const plugin = new Plugin({
    root,
    type: 'core',
    isRoot: true,
    ignoreManifest: true,
    respectNoCacheDefault: true,
    errorOnManifestCreate: true,
  })
  await plugin.load()
  const oclif = plugin.manifest as BuiltManifest['oclif']
  const compact: BuiltManifest['compact'] = {version: oclif.version, commands: {}}
  for (const cmd of Object.values(oclif.commands)) {
    const ctor = (await plugin.findCommand(cmd.id, {must: true})) as unknown as typeof UcCommand
    const spec = specOf(ctor, cmd.id)
    for (const [name, d] of Object.entries(spec.flags)) if (d.integer) cmd.flags[name].integer = d.integer
    for (const [name, d] of Object.entries(spec.args)) if (d.integer) cmd.args[name].integer = d.integer
    const policy = policyOf(ctor)
    for (const k of POLICY_FIELDS) delete cmd[k]
    Object.assign(cmd, policy, {typed: true})
    compact.commands[cmd.id] = {
      ...spec,
      ...(cmd.aliases?.length ? {aliases: cmd.aliases} : {}),
      ...(cmd.handler ? {handler: cmd.handler} : {}),
      ...policy,
      typed: true,
    }
  }
  return {oclif, compact}
}
