import { afterEach, describe, expect, it } from 'vitest';
import { requireJava } from './java-toolchain';

describe('requireJava', () => {
  const saved = process.env.JAVA_HOME;
  afterEach(() => {
    if (saved === undefined) delete process.env.JAVA_HOME;
    else process.env.JAVA_HOME = saved;
  });

  it('says what is missing and how to get it', () => {
    process.env.JAVA_HOME = '/nonexistent-jdk';
    expect(() => requireJava()).toThrow(
      /Java 17 or newer is needed .*\/nonexistent-jdk\/bin\/java -version.*KAFKA_BROKERS/s,
    );
  });
});
