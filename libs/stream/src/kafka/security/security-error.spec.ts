import { describe, expect, it } from 'vitest';
import { isTlsFailure, tlsFailed } from './security-error';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('TLS failures', () => {
  it('tells certificate and OpenSSL errors from network errors, which are worth a reconnect', () => {
    expect(
      isTlsFailure(withCode('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN')),
    ).toBe(true);
    expect(isTlsFailure(withCode('alert', 'ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE'))).toBe(true);
    expect(isTlsFailure(withCode('Client network socket disconnected', 'ECONNRESET'))).toBe(false);
    expect(isTlsFailure(new Error('no code'))).toBe(false);
  });

  it("quotes OpenSSL's reason from the error line kafkajs keeps in its message", () => {
    const kafkajsReason = withCode(
      '409DCB0EF17F0000:error:0A000412:SSL routines:ssl3_read_bytes:ssl/tls alert bad certificate:' +
        '../deps/openssl/openssl/ssl/record/rec_layer_s3.c:918:SSL alert number 42\n',
      'ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE',
    );
    expect(tlsFailed('broker b:9094', kafkajsReason).message).toBe(
      'TLS with broker b:9094 failed: ssl/tls alert bad certificate (ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE); ' +
        'the broker refused the client certificate; check KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE',
    );
  });

  it('names KAFKA_BROKERS for a broker certificate issued to another host', () => {
    const error = withCode(
      "Hostname/IP does not match certificate's altnames",
      'ERR_TLS_CERT_ALTNAME_INVALID',
    );
    expect(tlsFailed('broker k1:9094', error).message).toBe(
      "TLS with broker k1:9094 failed: Hostname/IP does not match certificate's altnames " +
        "(ERR_TLS_CERT_ALTNAME_INVALID); the broker's certificate does not name the host dialled; check KAFKA_BROKERS",
    );
  });
});
