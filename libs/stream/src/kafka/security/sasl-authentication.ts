import type { KafkaSasl } from '../../config/kafka-security';
import { revealSecret } from '../../config/secret';
import { ScramClient, ScramError } from './scram-client';
import { authenticationFailed } from './security-error';

/** One SaslAuthenticate round trip: the client's SASL bytes to the broker, the broker's bytes back. */
export type SaslRoundTrip = (clientMessage: Buffer) => Promise<Buffer>;

/** The broker answered SaslAuthenticate with SASL_AUTHENTICATION_FAILED; the message is the broker's. */
export class SaslRejectedError extends Error {
  override readonly name = 'SaslRejectedError';
}

/**
 * Authenticates with PLAIN (RFC 4616: one message, "\0user\0password") or SCRAM (scram-client.ts) over
 * `roundTrip`, after the SaslHandshake. The direct producer and kafkajs both come here, so a refusal reads
 * the same whichever client met it.
 */
export async function authenticateSasl(
  sasl: KafkaSasl,
  broker: string,
  roundTrip: SaslRoundTrip,
): Promise<void> {
  try {
    if (sasl.mechanism === 'PLAIN') {
      await roundTrip(Buffer.from(`\u0000${sasl.username}\u0000${revealSecret(sasl.password)}`, 'utf8'));
      return;
    }
    const scram = new ScramClient(
      sasl.mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512',
      sasl.username,
      revealSecret(sasl.password),
    );
    const serverFirst = await roundTrip(Buffer.from(scram.firstMessage(), 'utf8'));
    const clientFinal = await scram.finalMessage(serverFirst.toString('utf8'));
    scram.verifyServerFinal((await roundTrip(Buffer.from(clientFinal, 'utf8'))).toString('utf8'));
  } catch (error) {
    if (error instanceof SaslRejectedError || error instanceof ScramError)
      throw authenticationFailed(sasl, broker, error.message);
    throw error;
  }
}
