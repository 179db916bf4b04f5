import Foundation
import Testing

@testable import ArtifactStorage

/// The signer against the worked examples of the S3 API reference ("Signature Calculations for
/// the Authorization Header: Transferring Payload in a Single Chunk"): their documented keys,
/// date, canonical requests and signatures.
struct SigV4SignerTests {
    /// The documentation's example key pair.
    static let signer = SigV4Signer(
        credentials: S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1")
    /// 20130524T000000Z.
    static let date = Date(timeIntervalSince1970: 1_369_353_600)

    @Test func getObjectExample() {
        let headers = [
            "Host": "examplebucket.s3.amazonaws.com", "Range": "bytes=0-9",
            "x-amz-content-sha256": SigV4Signer.emptyPayloadHash, "x-amz-date": "20130524T000000Z",
        ]
        let (canonical, signed) = Self.signer.canonicalRequest(
            method: "GET", path: "/test.txt", query: [], headers: headers, payloadHash: SigV4Signer.emptyPayloadHash)
        #expect(
            canonical == """
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """)
        #expect(signed == "host;range;x-amz-content-sha256;x-amz-date")
        #expect(
            Self.signer.stringToSign(canonicalRequest: canonical, date: Self.date) == """
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
                """)
        let all = Self.signer.sign(
            method: "GET", path: "/test.txt", headers: ["Host": "examplebucket.s3.amazonaws.com", "Range": "bytes=0-9"],
            payloadHash: SigV4Signer.emptyPayloadHash, date: Self.date)
        #expect(
            all["Authorization"]
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        )
    }

    @Test func putObjectExampleSignsTheBodyHashAndExtraHeaders() {
        let body = Data("Welcome to Amazon S3.".utf8)
        let hash = SigV4Signer.hexSHA256(body)
        #expect(hash == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let all = Self.signer.sign(
            method: "PUT", path: "/test$file.text",
            headers: [
                "Host": "examplebucket.s3.amazonaws.com", "Date": "Fri, 24 May 2013 00:00:00 GMT", "x-amz-storage-class": "REDUCED_REDUNDANCY",
            ],
            payloadHash: hash, date: Self.date)
        #expect(
            all["Authorization"]
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"
        )
    }

    @Test func listObjectsExampleSortsAndEncodesTheQuery() {
        let all = Self.signer.sign(
            method: "GET", path: "/", query: [("prefix", "J"), ("max-keys", "2")],
            headers: ["Host": "examplebucket.s3.amazonaws.com"], payloadHash: SigV4Signer.emptyPayloadHash, date: Self.date)
        #expect(all["Authorization"]?.hasSuffix("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7") == true)
    }

    @Test func bucketLifecycleExampleSignsAnEmptyQueryValue() {
        let all = Self.signer.sign(
            method: "GET", path: "/", query: [("lifecycle", "")],
            headers: ["Host": "examplebucket.s3.amazonaws.com"], payloadHash: SigV4Signer.emptyPayloadHash, date: Self.date)
        #expect(all["Authorization"]?.hasSuffix("Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543") == true)
    }

    @Test func keysAreEncodedOnceWithSlashesKept() {
        #expect(URIEncoding.encode("/bucket/a b/ü+x~y.z_-", keepSlash: true) == "/bucket/a%20b/%C3%BC%2Bx~y.z_-")
        #expect(URIEncoding.encode("a/b") == "a%2Fb")
        #expect(URIEncoding.canonicalQuery([("uploadId", "x y"), ("partNumber", "2")]) == "partNumber=2&uploadId=x%20y")
    }

    @Test func aSessionTokenIsSentAndSigned() {
        var signer = Self.signer
        signer.credentials.sessionToken = "token/with+chars"
        let all = signer.sign(method: "GET", path: "/b/k", headers: ["host": "h"], payloadHash: SigV4Signer.emptyPayloadHash, date: Self.date)
        #expect(all["x-amz-security-token"] == "token/with+chars")
        #expect(all["Authorization"]?.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,") == true)
    }
}
