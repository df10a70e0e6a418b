import {readFileSync} from 'node:fs'

/**
 * Data catalogues in data/ (services, releases, parameters, ...). They are read once per process on first use;
 * the cache holds immutable data only, so it is safe for many commands in one process.
 */
const cache = new Map<string, unknown>()

export function loadCatalog<T>(name: string): T {
  let v = cache.get(name)
  if (v === undefined) {
    v = JSON.parse(readFileSync(new URL(`../../data/${name}.json`, import.meta.url), 'utf8'))
    cache.set(name, Object.freeze(v))
  }
  return v as T
}
