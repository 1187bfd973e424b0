using EcoLedger.Server.Hosting;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>A run's inputs are second names of the stored uploads, not copies (<see cref="HardLinks"/>).</summary>
public sealed class HardLinksTests
{
    [Fact]
    public void A_run_input_is_the_upload_under_a_second_name_and_outlives_the_upload_name()
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-links-").FullName;
        try
        {
            // Given: a stored upload.
            string upload = Path.Combine(dir, "upload");
            string input = Path.Combine(dir, "run", "npp.tif");
            File.WriteAllText(upload, "raster bytes");
            Directory.CreateDirectory(Path.GetDirectoryName(input)!);

            // When: it is placed in a run's folder.
            bool linked = HardLinks.LinkOrCopy(upload, input);

            // Then: on Linux both names are one file (a write through one shows through the other: no second copy on disk) ...
            Assert.True(linked, "on Linux the run's input is a hard link to the upload");
            File.AppendAllText(upload, " + appended");
            Assert.Equal("raster bytes + appended", File.ReadAllText(input));
            // ... and retention removing the upload's name leaves the run its bytes.
            File.Delete(upload);
            Assert.Equal("raster bytes + appended", File.ReadAllText(input));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_target_that_exists_is_refused_as_a_copy_would_be()
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-links-").FullName;
        try
        {
            string upload = Path.Combine(dir, "upload"), input = Path.Combine(dir, "input");
            File.WriteAllText(upload, "a");
            File.WriteAllText(input, "b");

            // link(2) fails with EEXIST; the fallback copy refuses to overwrite, so nothing is replaced silently.
            Assert.Throws<IOException>(() => HardLinks.LinkOrCopy(upload, input));
            Assert.Equal("b", File.ReadAllText(input));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
