import type {ServiceAction} from '../services/store.js'

/**
 * The Push Notifications alarm a service change raises, if any: an operator stop or deactivation (Notice), a crash
 * (Critical). A module of its own (no imports), so a service change that raises none loads nothing of the alarms.
 */
export function serviceChangeAlarm(
  service: string,
  action: ServiceAction,
): {severity: 'Critical' | 'Notice'; name: string; message: string} | undefined {
  switch (action) {
    case 'crash':
      return {
        severity: 'Critical',
        name: 'CriticalServiceDown',
        message: `Service ${service} terminated unexpectedly (Component is not running)`,
      }
    case 'stop':
      return {
        severity: 'Notice',
        name: 'ServiceStopped',
        message: `Service ${service} was stopped (Commanded Out of Service)`,
      }
    case 'deactivate':
      return {
        severity: 'Notice',
        name: 'ServiceDeactivated',
        message: `Service ${service} was deactivated (Service Not Activated)`,
      }
    default:
      return undefined
  }
}
