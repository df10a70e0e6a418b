import type {HttpsApp} from '../app.js'
import {type AxlOptions, DEFAULT_WRITES_PER_MINUTE, axlApp} from '../axl/app.js'
import {controlCenterApp} from '../soap/controlcenter.js'
import {webApp} from '../../web/app.js'

export interface AppOptions {
  axl?: Partial<AxlOptions>
}

/**
 * What every node's Cisco Tomcat serves, one entry per app: AXL, the Serviceability SOAP services, and (issue 22)
 * the administration pages. A new app is one more entry here; the server knows nothing else about them.
 */
export function HTTPS_APPS(opts: AppOptions = {}): HttpsApp[] {
  return [
    axlApp({writesPerMinute: opts.axl?.writesPerMinute ?? DEFAULT_WRITES_PER_MINUTE}),
    controlCenterApp(),
    webApp(),
  ]
}
