using System.Security.Cryptography;
using System.Text;
using EcoLedger.Audit;

namespace EcoLedger.Cli.Demo;

/// <summary>
/// Participants' signing keys for the demo. They are derived from the participant's id so that the demo's journal is the same on every
/// run (its golden files compare it): anyone can recompute them, so they sign nothing but demo ledgers.
/// </summary>
internal static class DemoKeys
{
    /// <summary>The demo's P-256 key of <paramref name="participant"/>.</summary>
    public static ECDsa For(string participant) =>
        ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = SHA256.HashData(Encoding.UTF8.GetBytes("EcoLedger demo participant key, never for a real ledger: " + participant)),
        });

    /// <summary>
    /// Writes the key as <c>DIR/ID.key.pem</c> (PKCS#8, 0600) and <c>DIR/ID.pub.pem</c> unless they exist, so a person can sign further
    /// commands with <c>--key</c>. Returns the private key's path.
    /// </summary>
    public static string WriteFiles(string dir, string participant)
    {
        Directory.CreateDirectory(dir);
        string privatePath = Path.Combine(dir, participant + ".key.pem");
        if (!File.Exists(privatePath))
        {
            using var key = For(participant);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = LedgerKeys.PrivateKeyMode;
            }
            using (var w = new StreamWriter(new FileStream(privatePath, options)))
            {
                w.Write(key.ExportPkcs8PrivateKeyPem() + "\n");
            }
            File.WriteAllText(Path.Combine(dir, participant + ".pub.pem"), key.ExportSubjectPublicKeyInfoPem() + "\n");
        }
        return privatePath;
    }
}
