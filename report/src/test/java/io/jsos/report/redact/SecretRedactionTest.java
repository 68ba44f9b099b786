package io.jsos.report.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRedactionTest {

    private final DefaultRedactor r = new DefaultRedactor(RedactionFacts.empty());

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // key=value, env files, URLs
        "password=hunter2                                 | password=<redacted>",
        "DB_PASSWORD=hunter2                              | DB_PASSWORD=<redacted>",
        "export PGPASSWORD=hunter2                        | export PGPASSWORD=<redacted>",
        "MYSQL_PWD=hunter2                                | MYSQL_PWD=<redacted>",
        "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG      | AWS_SECRET_ACCESS_KEY=<redacted>",
        "GET /api?access_token=abc123&page=2 HTTP/1.1     | GET /api?access_token=<redacted>&page=2 HTTP/1.1",
        "env: API_KEY=abc FOO=bar                         | env: API_KEY=<redacted> FOO=bar",
        // INI and YAML: a setting alone on its line owns the rest of the line
        "password = correct horse battery staple          | password = <redacted>",
        "`  db_password: my secret pass`                  | `  db_password: <redacted>`",
        "- token: abcdef.0123456789abcdef                 | - token: <redacted>",
        "secret_key = s3cr3t   # rotated 2024             | secret_key = <redacted>",
        "psk=\"my wifi passphrase\"                       | psk=\"<redacted>\"",
        "wpa_passphrase=letmein                           | wpa_passphrase=<redacted>",
        // JSON and Python dicts
        "{\"password\": \"pw1\", \"user\": \"x\"}         | {\"password\": \"<redacted>\", \"user\": \"x\"}",
        "{\"apiKey\":\"k-123\",\"n\":1}                   | {\"apiKey\":\"<redacted>\",\"n\":1}",
        "{'client_secret': 'abc', 'id': 7}                | {'client_secret': '<redacted>', 'id': 7}",
        "\"token\": 12345,                                | \"token\": <redacted>,",
        "{\"auth\": {\"x\": 1}}                           | {\"auth\": {\"x\": 1}}",
        // command lines
        "mysql --user=root --password=hunter2 db          | mysql --user=root --password=<redacted> db",
        "app --db-password hunter2 --verbose              | app --db-password <redacted> --verbose",
        "app --token=abc --token-file /run/t --x          | app --token=<redacted> --token-file /run/t --x",
        "kubeadm join --token abcdef.0123456789abcdef x   | kubeadm join --token <redacted> x",
        "curl -H 'Authorization: Bearer abc.def' x        | curl -H 'Authorization: Bearer <redacted>' x",
        // headers
        "Authorization: Basic dXNlcjpwYXNz                | Authorization: Basic <redacted>",
        "> Authorization: Bearer eyJhbGciOi.x.y           | > Authorization: Bearer <redacted>",
        "X-Auth-Token: 0123456789abcdef                   | X-Auth-Token: <redacted>",
        "Cookie: session=abc; theme=dark                  | Cookie: <redacted>",
        "proxy_auth=alice:hunter2                         | proxy_auth=<redacted>",
        // directives and XML
        "requirepass foobared                             | requirepass <redacted>",
        "masterauth foobared                              | masterauth <redacted>",
        "<password>hunter2</password>                     | <password><redacted></password>",
        "<db><secretKey> abc </secretKey></db>            | <db><secretKey><redacted> </secretKey></db>",
        // Ceph
        "[client.admin]                                   | [client.admin]",
        "\tkey = AQBvaBFZAAAAABAA9VHgwCg3rWn8fMaX8KL01A==  | \tkey = <redacted>",
        "mount -o name=admin,secret=AQBvaBFZAAAAABAA9VHgwCg3rWn8fMaX8KL01A== x | mount -o name=admin,secret=<redacted> x",
        "ceph --key AQBvaBFZAAAAABAA9VHgwCg3rWn8fMaX8KL01A== | ceph --key <redacted>",
        // kubeconfig
        "`    client-key-data: LS0tLS1CRUdJTiBSU0Eg`      | `    client-key-data: <redacted>`",
        // Go structs, logfmt
        "cfg={Host:db Password:hunter2 Port:5432}         | cfg={Host:db Password:<redacted> Port:5432}",
        "level=info token=abc msg=ok                      | level=info token=<redacted> msg=ok",
        // environ: NUL separated
        "A=1\u0000PASSWORD=x y\u0000B=2                  | A=1\u0000PASSWORD=<redacted> y\u0000B=2",
    })
    void secretSettings(String in, String out) {
        assertThat(r.redact(unescape(in))).isEqualTo(unescape(out));
        assertThat(r.mapping()).isEmpty(); // secrets are never mapped
    }

    /** CSV cannot carry tabs, NULs and quotes comfortably: \t, \u0000 and \" are written escaped. */
    private static String unescape(String s) {
        return s.replace("\\t", "\t").replace("\\u0000", "\u0000").replace("\\\"", "\"");
    }

    @Test
    void lineEndingsStay() {
        assertThat(r.redact("requirepass foobared\r\npassword = a b\r\n"))
                .isEqualTo("requirepass <redacted>\r\npassword = <redacted>\r\n");
    }

    @Test
    void passwordSchemesAreNotStructures() {
        assertThat(r.redact("userPassword: {SSHA}c2VjcmV0c2FsdA==")).isEqualTo("userPassword: <redacted>");
        assertThat(r.redact("auth: {user: x, pass: y}")).isEqualTo("auth: {user: x, pass: <redacted>}");
    }

    @Test
    void bareKeyIsASecretInIniButAFieldNameInYaml() {
        assertThat(r.redact("key = s3cr3t")).isEqualTo("key = <redacted>");
        assertThat(r.redact("--key=s3cr3t")).isEqualTo("--key=<redacted>");
        assertThat(r.redact("- key: app.kubernetes.io/name")).isEqualTo("- key: app.kubernetes.io/name");
    }

    @Test
    void quotedValuesHonourEscapes() {
        assertThat(r.redact("{\"password\": \"p\\\"w\", \"n\": 1}")).isEqualTo("{\"password\": \"<redacted>\", \"n\": 1}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "keyboard=us", "KEYMAP=de-latin1", "monkey=banana", "keys_count=3", "key_id=42", "max_tokens=100",
        "token_ttl: 3600", "password_min_length = 8", "PasswordAuthentication no", "PasswordAuthentication yes",
        "PubkeyAuthentication yes", "AuthorizedKeysFile .ssh/authorized_keys", "HostKey /etc/ssh/ssh_host_rsa_key",
        "auth_method = md5", "secretName: my-secret", "ssl_key = /etc/ssl/private/server.key",
        "--token-file /var/run/secrets/token", "password_file=/etc/app/pw", "use_auth: true", "key: app",
        "- key: node-role.kubernetes.io/control-plane", "public_key = ssh-ed25519 AAAAC3Nza", "a == password",
        "the password is required", "bypass=1", "token:", "password:", "Passwords are hashed.",
        "PWD=/root", "tcp_keepalive_time = 7200", "authenticated user x", "key_mgmt=WPA-PSK",
        "std::string password_;", "if (password == null) return;", "x_auth_type: none",
    })
    void notSecrets(String in) {
        assertThat(r.redact(in)).isEqualTo(in);
    }

    @Test
    void keptValuesAreStillScannedForNamesAndAddresses() {
        DefaultRedactor d = Fixtures.redactor();
        assertThat(d.redact("PWD=/home/alice")).isEqualTo("PWD=/home/user-1");
        assertThat(d.redact("token_url=https://10.1.2.3/x")).isEqualTo("token_url=https://ip4-1.3/x");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "postgres://alice:hunter2@db:5432/x                | postgres://alice:<redacted>@db:5432/x",
        "https://user:p%40ss@example.org/                  | https://user:<redacted>@example.org/",
        "amqp://guest:guest@10.1.2.3//                     | amqp://guest:<redacted>@ip4-1.3//",
        "redis://:hunter2@cache:6379                       | redis://:<redacted>@cache:6379",
        "git clone https://x-access-token:ghs_abc@github.com/o/r | git clone https://x-access-token:<redacted>@github.com/o/r",
        "http://host:8080/path@x                           | http://host:8080/path@x",
        "ssh://git@github.com/o/r                          | ssh://git@github.com/o/r",
    })
    void urlCredentials(String in, String out) {
        assertThat(r.redact(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jwt eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c end | jwt <redacted> end",
        "Bearer mF_9.B5f-4.1JqM and more                   | Bearer <redacted> and more",
        "aws AKIAIOSFODNN7EXAMPLE in log                   | aws <redacted> in log",
        "gh ghp_0123456789abcdefghijABCDEFGHIJ0123456789   | gh <redacted>",
        "slack xoxb-123456789012-abcdefghij                | slack <redacted>",
        "alice:$6$rounds=5000$saltsalt$Kx8uJ0ZQbNwS1HbXPFV8OUJD9Oa1EdW2rJxE8v1GyTq:19000:0:99999:7::: | alice:<redacted>:19000:0:99999:7:::",
        "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7 | <redacted>",
    })
    void tokensByShape(String in, String out) {
        assertThat(r.redact(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"eyJ alone", "AKIA123", "Bearer short", "bearer", "$1$HOME/bin/x", "$HOME/.ssh"})
    void notTokens(String in) {
        assertThat(r.redact(in)).isEqualTo(in);
    }

    @Test
    void pemPrivateKeyBodyIsReplacedKeepingTheMarkers() {
        String in = "before 10.9.8.7\n"
                + "-----BEGIN RSA PRIVATE KEY-----\n"
                + "Proc-Type: 4,ENCRYPTED\n"
                + "MIIEowIBAAKCAQEA1234567890abcdefghij\n"
                + "ZZZZsecretsecretsecretsecretsecret==\n"
                + "-----END RSA PRIVATE KEY-----\n"
                + "after\n";
        assertThat(r.redact(in)).isEqualTo("before ip4-1.7\n"
                + "-----BEGIN RSA PRIVATE KEY-----\n"
                + "<redacted>\n"
                + "-----END RSA PRIVATE KEY-----\n"
                + "after\n");
    }

    @Test
    void pemVariants() {
        assertThat(r.redact("-----BEGIN OPENSSH PRIVATE KEY-----\r\nb3BlbnNzaC1rZXk\r\n-----END OPENSSH PRIVATE KEY-----\r\n"))
                .isEqualTo("-----BEGIN OPENSSH PRIVATE KEY-----\r\n<redacted>\r\n-----END OPENSSH PRIVATE KEY-----\r\n");
        // "key": is a field name in JSON, not a secret setting; the PEM rule still hides the body
        assertThat(r.redact("{\"key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\n-----END PRIVATE KEY-----\\n\"}"))
                .isEqualTo("{\"key\": \"-----BEGIN PRIVATE KEY-----<redacted>-----END PRIVATE KEY-----\\n\"}");
        assertThat(r.redact("{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\n-----END PRIVATE KEY-----\\n\"}"))
                .isEqualTo("{\"private_key\": \"<redacted>\"}");
        assertThat(r.redact("k=-----BEGIN EC PRIVATE KEY-----\\nMHcC\\n-----END EC PRIVATE KEY-----"))
                .isEqualTo("k=-----BEGIN EC PRIVATE KEY-----<redacted>-----END EC PRIVATE KEY-----");
        assertThat(r.redact("private_key: |\n  -----BEGIN PRIVATE KEY-----\n  MIIEvQ\n  -----END PRIVATE KEY-----\nnext: 1\n"))
                .isEqualTo("private_key: |\n  -----BEGIN PRIVATE KEY-----\n  <redacted>\n  -----END PRIVATE KEY-----\nnext: 1\n");
        assertThat(r.redact("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF\n-----END PGP PRIVATE KEY BLOCK-----"))
                .isEqualTo("-----BEGIN PGP PRIVATE KEY BLOCK-----\n<redacted>\n-----END PGP PRIVATE KEY BLOCK-----");
    }

    @Test
    void unterminatedPemHidesEverythingAfterIt() {
        assertThat(r.redact("-----BEGIN PRIVATE KEY-----\nMIIEvQ\nmore\nand more\n"))
                .isEqualTo("-----BEGIN PRIVATE KEY-----\n<redacted>\n");
    }

    @Test
    void certificatesAndPublicKeysAreNotSecret() {
        String cert = "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n-----END CERTIFICATE-----\n";
        assertThat(r.redact(cert)).isEqualTo(cert);
        String pub = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYI\n-----END PUBLIC KEY-----\n";
        assertThat(r.redact(pub)).isEqualTo(pub);
    }
}
