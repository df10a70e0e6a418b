import type {BodyModule, BodyName} from '../run/bodies.js'

/** A command's reference to its body, checked by tsc: `body('cluster/cluster', 'create')` is `'cluster/cluster#create'`. */
export function body<K extends BodyModule>(module: K, name: BodyName<K>): `${K}#${string}` {
  return `${module}#${name}`
}
