import { TimeTravelErrorCode } from '@mbd/repository';

/** The status of a refused time travel, as the repository delivery answers it (400, 401, 404, 503 with Retry-After). */
export const TIME_TRAVEL_STATUS: Readonly<Record<TimeTravelErrorCode, 400 | 401 | 404 | 503>> = {
  [TimeTravelErrorCode.Malformed]: 400,
  [TimeTravelErrorCode.Future]: 400,
  [TimeTravelErrorCode.NotFound]: 404,
  [TimeTravelErrorCode.NotHead]: 401,
  [TimeTravelErrorCode.Busy]: 503,
};
