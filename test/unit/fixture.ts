import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {Clock} from '../../src/features/world/clock/clock.js'
import {EVENT_HANDLERS} from '../../src/compose/clock-events.js'
import {Store} from '../../src/store/store.js'
import {serviceReactions} from '../../src/compose/service-change.js'

/** Domain tests change services directly (controlService), with the reactions a handler gets from ctx.serviceChanges(). */
export const REACTIONS = await serviceReactions()

/** A store on a fresh temporary file, with a clock, for domain unit tests. */
export function tempStore(): {store: Store; clock: Clock; path: string; dir: string; close(): void} {
  const dir = mkdtempSync(join(tmpdir(), 'ucadmin-unit-'))
  const path = join(dir, 'state.db')
  const store = Store.open(path)
  const clock = new Clock(store, () => EVENT_HANDLERS)
  return {
    store,
    clock,
    path,
    dir,
    close() {
      store.close()
      rmSync(dir, {recursive: true, force: true})
    },
  }
}
