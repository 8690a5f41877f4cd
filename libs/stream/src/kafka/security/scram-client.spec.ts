import { describe, expect, it } from 'vitest';
import { ScramClient } from './scram-client';

// RFC 7677 section 3: user "user", password "pencil", the client nonce fixed.
const CLIENT_NONCE = 'rOprNGfwEbeRWgbNEkqO';
const SERVER_FIRST = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
const CLIENT_FINAL =
  'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
const SERVER_FINAL = 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';

describe('ScramClient', () => {
  it('reproduces the SCRAM-SHA-256 exchange of RFC 7677', async () => {
    const client = new ScramClient('sha256', 'user', 'pencil', CLIENT_NONCE);
    expect(client.firstMessage()).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    expect(await client.finalMessage(SERVER_FIRST)).toBe(CLIENT_FINAL);
    expect(() => client.verifyServerFinal(SERVER_FINAL)).not.toThrow();
  });

  it('refuses a server signature made without the password', async () => {
    const client = new ScramClient('sha256', 'user', 'pencil', CLIENT_NONCE);
    await client.finalMessage(SERVER_FIRST);
    expect(() => client.verifyServerFinal('v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toThrow(
      'the server signature is wrong',
    );
  });

  it("reports the server's error attribute", async () => {
    const client = new ScramClient('sha256', 'user', 'pencil', CLIENT_NONCE);
    await client.finalMessage(SERVER_FIRST);
    expect(() => client.verifyServerFinal('e=invalid-proof')).toThrow('the server refused: invalid-proof');
  });

  it('refuses a server nonce that does not extend its own, and fewer than 4096 iterations', async () => {
    const client = new ScramClient('sha256', 'user', 'pencil', CLIENT_NONCE);
    await expect(client.finalMessage('r=someone-else,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096')).rejects.toThrow(
      'does not extend the client nonce',
    );
    await expect(client.finalMessage(`r=${CLIENT_NONCE}x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1024`)).rejects.toThrow(
      'asks for 1024 iterations',
    );
  });

  it('escapes "," and "=" in the user name and sends a SHA-512 proof of 64 bytes', async () => {
    const client = new ScramClient('sha512', 'a,b=c', 'pencil', CLIENT_NONCE);
    expect(client.firstMessage()).toBe(`n,,n=a=2Cb=3Dc,r=${CLIENT_NONCE}`);
    const final = await client.finalMessage(SERVER_FIRST);
    expect(Buffer.from(final.split(',p=')[1], 'base64')).toHaveLength(64);
  });
});
