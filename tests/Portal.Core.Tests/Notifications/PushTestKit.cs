using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Tests.Notifications;

/// <summary>A browser's side of web push: the P-256 key pair and auth secret it subscribes with, and RFC 8291 decryption.</summary>
public sealed class TestPushBrowser : IDisposable
{
    private readonly ECDiffieHellman _key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    public TestPushBrowser(string endpoint)
    {
        Endpoint = endpoint;
        AuthSecret = RandomNumberGenerator.GetBytes(16);
        var q = _key.ExportParameters(false).Q;
        PublicKey = [0x04, .. q.X!, .. q.Y!];
    }

    public string Endpoint { get; }
    public byte[] PublicKey { get; }
    public byte[] AuthSecret { get; }
    public string P256dh => Base64Url.EncodeToString(PublicKey);
    public string Auth => Base64Url.EncodeToString(AuthSecret);

    /// <summary>
    /// Decrypts an aes128gcm body (RFC 8188 header: salt, record size, key id = the server's ephemeral public key)
    /// with the keys of RFC 8291: ECDH, then HKDF with the auth secret, then the content key and nonce.
    /// </summary>
    public string Decrypt(byte[] body)
    {
        var salt = body[..16];
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        int idLength = body[20];
        var serverPublic = body[21..(21 + idLength)];
        var record = body[(21 + idLength)..];
        Assert.Equal(65, idLength);
        Assert.True(record.Length <= recordSize);

        using var server = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = serverPublic[1..33], Y = serverPublic[33..65] },
        });
        var shared = _key.DeriveRawSecretAgreement(server.PublicKey);
        var keyInfo = (byte[])[.. "WebPush: info\0"u8, .. PublicKey, .. serverPublic];
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, AuthSecret, keyInfo);
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
        var cek = HKDF.Expand(HashAlgorithmName.SHA256, prk, 16, "Content-Encoding: aes128gcm\0"u8.ToArray());
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, prk, 12, "Content-Encoding: nonce\0"u8.ToArray());

        var plain = new byte[record.Length - 16];
        using (var gcm = new AesGcm(cek, 16))
            gcm.Decrypt(nonce, record[..^16], record[^16..], plain);
        // The last record ends with the delimiter 0x02, then optional zero padding.
        var end = plain.Length - 1;
        while (end >= 0 && plain[end] == 0) end--;
        Assert.Equal(2, plain[end]);
        return Encoding.UTF8.GetString(plain, 0, end);
    }

    public void Dispose() => _key.Dispose();
}

public sealed record ReceivedPush(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>A push service on 127.0.0.1 (never the internet): records what arrives and answers each path with a chosen status.</summary>
public sealed class TestPushService : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public TestPushService()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string BaseUrl { get; }
    public ConcurrentQueue<ReceivedPush> Received { get; } = new();

    /// <summary>Status per path ("/push/gone" → 410); 201 Created otherwise, as push services answer.</summary>
    public ConcurrentDictionary<string, int> Answers { get; } = new();

    public string Endpoint(string name) => $"{BaseUrl}/push/{name}";

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            var path = context.Request.Url!.AbsolutePath;
            Received.Enqueue(new ReceivedPush(path, headers, body.ToArray()));
            context.Response.StatusCode = Answers.TryGetValue(path, out var status) ? status : 201;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
