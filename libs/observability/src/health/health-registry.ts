/**
 * Readiness is the conjunction of named checks that components register (the Kafka consumer has joined
 * its group, the broker answers, the producer is connected, …). Liveness only says the process answers.
 * A check answers `true`, or `false`, or a failure with a reason an operator can act on.
 */
export type CheckOutcome = boolean | { readonly ok: false; readonly reason: string };
export type ReadinessCheck = () => CheckOutcome | Promise<CheckOutcome>;

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Record<string, boolean>;
  /** The checks that fail, by name, each with its reason: what `/ready` says when it answers 503. */
  readonly failing: Record<string, string>;
}

export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** A component that stops for good (closed, not crashed) takes its check away. */
  unregister(name: string): void {
    this.checks.delete(name);
  }

  async readiness(): Promise<Readiness> {
    const checks: Record<string, boolean> = {};
    const failing: Record<string, string> = {};
    for (const [name, check] of this.checks) {
      let outcome: CheckOutcome;
      try {
        outcome = await check();
      } catch (error) {
        outcome = { ok: false, reason: `the check failed: ${(error as Error).message}` };
      }
      checks[name] = outcome === true;
      if (outcome === false) failing[name] = 'not ready';
      else if (outcome !== true) failing[name] = outcome.reason;
    }
    return { ready: Object.keys(failing).length === 0, checks, failing };
  }
}

export const healthRegistry = new HealthRegistry();
