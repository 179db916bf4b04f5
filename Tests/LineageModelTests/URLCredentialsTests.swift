import LineageModel
import Testing

/// Credentials in URLs never reach a published record.
@Suite struct URLCredentialsTests {
    @Test func webURLsLoseTheirUserInformationAndSSHKeepsTheLogin() {
        #expect(URLCredentials.redacted("https://alice:ghp_secret@github.com/a/b.git") == "https://github.com/a/b.git")
        #expect(URLCredentials.redacted("https://ghp_token@github.com/a/b.git") == "https://github.com/a/b.git")
        #expect(URLCredentials.redacted("ssh://git:pw@host:2222/a/b") == "ssh://git@host:2222/a/b")
        #expect(URLCredentials.redacted("ssh://git@host/a/b") == "ssh://git@host/a/b")
        #expect(URLCredentials.redacted("git@github.com:a/b.git") == "git@github.com:a/b.git")
        #expect(URLCredentials.redacted("https://host/a@b/c") == "https://host/a@b/c")
        #expect(URLCredentials.redacted("s3://bucket/key") == "s3://bucket/key")
        #expect(URLCredentials.redacted("/srv/repo") == "/srv/repo")
    }

    @Test func passwordsAreFoundInTheAuthorityOnly() {
        #expect(URLCredentials.hasPassword("https://u:p@host/x"))
        #expect(URLCredentials.hasPassword("s3://AKIA:secret@bucket/key"))
        #expect(!URLCredentials.hasPassword("https://u@host/x"))
        #expect(!URLCredentials.hasPassword("https://host/x?q=a:b@c"))
        #expect(!URLCredentials.hasPassword("git@github.com:a/b.git"))
        #expect(!URLCredentials.hasPassword(""))
    }
}
