using EcoLedger.Reports.Charts;
using ScottPlot;
using SkiaSharp;

namespace EcoLedger.IntegrationTests.Reports;

/// <summary>The value-density histogram: its threshold label inside the plot, its axis titles whole.</summary>
public sealed class HistogramTests
{
    private static readonly double[] Densities = [3e6, 6e6, 7e6, 7.5e6, 8e6, 9e6, 1.1e7, 1.2e7, 1.25e7, 1.3e7, 2.1e7, 4.5e7];

    [Fact]
    public void Should_draw_the_threshold_label_inside_the_data_area_and_keep_the_axis_title_whole()
    {
        // Given the report's histogram at its report size (760 × 340 CSS pixels, drawn at 2×)
        var plot = ChartFactory.HistogramPlot("核算单元价值密度分布", "价值密度（万元/km²）", "核算单元数", Densities, 5e6, "重点保护阈值 500.00 万元/km²");
        byte[] png = plot.GetImageBytes(1520, 680, ImageFormat.Png);
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "ecoledger-histogram.png"), png);
        using var bitmap = SKBitmap.Decode(png);
        // The data area in image pixels (ScottPlot reports it in CSS pixels; the chart is drawn at ChartFactory.Scale).
        var r = plot.LastRender.DataRect;
        double k = ChartFactory.Scale;
        var data = (Left: r.Left * k, Right: r.Right * k, Top: r.Top * k, Bottom: r.Bottom * k, Height: r.Height * k);

        // When the threshold colour (#c0392b: the dashed line and the label's box) is looked for
        int outside = 0, inside = 0;
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - 0xc0) < 8 && Math.Abs(c.Green - 0x39) < 8 && Math.Abs(c.Blue - 0x2b) < 8)
                {
                    bool within = x >= data.Left - 1 && x <= data.Right + 1 && y >= data.Top - 1 && y <= data.Bottom + 1;
                    (outside, inside) = within ? (outside, inside + 1) : (outside + 1, inside);
                }
            }
        }

        // Then it is all inside the data area (the label no longer sits on the top edge, over the title), and there is
        // more of it than a dashed line alone (the label's box is there)
        Assert.True(outside == 0, $"{outside} threshold-coloured pixels outside the data area {data}.");
        Assert.True(inside > 2 * (int)data.Height, $"{inside} threshold-coloured pixels; expected the line and the label box.");
        // The y-axis title is not clipped at the image's left edge: the first 4 pixel columns hold no ink
        for (int x = 0; x < 4; x++)
        {
            for (int y = 0; y < bitmap.Height; y++)
            {
                Assert.True(bitmap.GetPixel(x, y).Red > 200, $"ink at ({x}, {y}): the y-axis title touches the image's edge.");
            }
        }
    }
}
