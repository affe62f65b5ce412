import * as core from '@actions/core';
import type { Logger } from '../core/logger.js';

/** The Logger seam inside Actions: messages go to the runner's log through @actions/core. */
export function getActionsLogger(): Logger {
  return {
    debug: (m) => core.debug(m),
    info: (m) => core.info(m),
    warning: (m) => core.warning(m),
    error: (m) => core.error(m),
  };
}
