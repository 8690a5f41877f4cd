import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

export type ScramHash = 'sha256' | 'sha512';
const DIGEST_BYTES: Record<ScramHash, number> = { sha256: 32, sha512: 64 };
/** Kafka's clients refuse fewer (ScramMechanism.minIterations): a weaker hash is a downgrade attempt. */
const MIN_ITERATIONS = 4096;
/** Base64 of the GS2 header "n,,": no channel binding, no authorisation identity. */
const CHANNEL_BINDING = 'biws';

/** The server's messages did not follow SCRAM, or its signature is wrong (it does not know the password). */
export class ScramError extends Error {
  override readonly name = 'ScramError';
}

/**
 * The client side of SCRAM (RFC 5802, SHA-256 per RFC 7677, SHA-512 likewise), as Kafka runs it:
 * client-first, server-first, client-final, server-final. No channel binding. The password is used as
 * its UTF-8 bytes without SASLprep, as Kafka's own ScramFormatter does (the same for ASCII passwords).
 */
export class ScramClient {
  private readonly clientFirstBare: string;
  private expectedServerSignature: Buffer | undefined;

  constructor(
    private readonly hash: ScramHash,
    username: string,
    private readonly password: string,
    private readonly nonce: string = randomBytes(24).toString('base64'),
  ) {
    this.clientFirstBare = `n=${saslName(username)},r=${nonce}`;
  }

  firstMessage(): string {
    return `n,,${this.clientFirstBare}`;
  }

  /** The client-final message proving the password for the server's salt, iterations and nonce. */
  async finalMessage(serverFirst: string): Promise<string> {
    const attributes = parseAttributes(serverFirst);
    const serverNonce = attributes.get('r');
    const salt = attributes.get('s');
    const iterations = Number(attributes.get('i'));
    if (!serverNonce?.startsWith(this.nonce) || serverNonce.length === this.nonce.length)
      throw new ScramError(`server-first message does not extend the client nonce: "${serverFirst}"`);
    if (!salt) throw new ScramError(`server-first message has no salt: "${serverFirst}"`);
    if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS)
      throw new ScramError(
        `server-first message asks for ${attributes.get('i')} iterations (at least ${MIN_ITERATIONS})`,
      );

    const saltedPassword = await pbkdf2Async(
      this.password,
      Buffer.from(salt, 'base64'),
      iterations,
      DIGEST_BYTES[this.hash],
      this.hash,
    );
    const clientKey = this.hmac(saltedPassword, 'Client Key');
    const storedKey = createHash(this.hash).update(clientKey).digest();
    const withoutProof = `c=${CHANNEL_BINDING},r=${serverNonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const clientSignature = this.hmac(storedKey, authMessage);
    const proof = Buffer.alloc(clientKey.length);
    for (let i = 0; i < proof.length; i++) proof[i] = clientKey[i] ^ clientSignature[i];
    this.expectedServerSignature = this.hmac(this.hmac(saltedPassword, 'Server Key'), authMessage);
    return `${withoutProof},p=${proof.toString('base64')}`;
  }

  /** Checks that the server knows the password too; throws with the server's error if it sent one. */
  verifyServerFinal(serverFinal: string): void {
    const attributes = parseAttributes(serverFinal);
    const error = attributes.get('e');
    if (error !== undefined) throw new ScramError(`the server refused: ${error}`);
    const signature = Buffer.from(attributes.get('v') ?? '', 'base64');
    const expected = this.expectedServerSignature;
    if (!expected) throw new ScramError('server-final message before the client-final one');
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected))
      throw new ScramError('the server signature is wrong: the server does not know this password');
  }

  private hmac(key: Buffer, text: string): Buffer {
    return createHmac(this.hash, key).update(text, 'utf8').digest();
  }
}

/** RFC 5802's saslname: ',' and '=' are escaped as =2C and =3D. */
function saslName(username: string): string {
  return username.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

/** `a=1,b=x=y` → a → 1, b → x=y (values such as base64 salts may hold '='). */
function parseAttributes(message: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const part of message.split(',')) {
    const at = part.indexOf('=');
    if (at > 0) attributes.set(part.slice(0, at), part.slice(at + 1));
  }
  return attributes;
}
