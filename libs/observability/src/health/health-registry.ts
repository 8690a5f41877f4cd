/**
 * Readiness is the conjunction of named checks that components register (the Kafka consumer has joined
 * its group, the producer is connected, …). Liveness only says the process answers.
 */
export type ReadinessCheck = () => boolean | Promise<boolean>;

export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  async readiness(): Promise<{ ready: boolean; checks: Record<string, boolean> }> {
    const checks: Record<string, boolean> = {};
    for (const [name, check] of this.checks) {
      try {
        checks[name] = await check();
      } catch {
        checks[name] = false;
      }
    }
    return { ready: Object.values(checks).every(Boolean), checks };
  }
}

export const healthRegistry = new HealthRegistry();
