import {createRequire} from 'node:module'

/** The `yaml` package: its one-file bundle from the build (scripts/build-labs.mjs), else the package itself. */
export async function loadYaml(): Promise<typeof import('yaml')> {
  try {
    return createRequire(import.meta.url)('../../../vendor/yaml.cjs') as typeof import('yaml')
  } catch {
    return import('yaml')
  }
}
