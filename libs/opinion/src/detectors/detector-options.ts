/** What every detector is configured with beside its own parameters. */
import { zForConfidence } from '../intervals/inverse-normal';

export interface ReportOptions {
  /**
   * Shifts whose |after - before| is smaller are not reported: at high volume a shift of a point or two
   * is significant and real, yet not news for a researcher. In share units.
   */
  readonly minEffect: number;
  /** Half-width of the windows' intervals in standard errors: `zForConfidence` of the estimates' level. */
  readonly intervalZ: number;
}

export const DEFAULT_REPORT_OPTIONS: ReportOptions = { minEffect: 0.05, intervalZ: zForConfidence(0.9) };
