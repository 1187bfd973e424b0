using System.Globalization;
using System.Security;
using System.Text;
using Stateless.Graph;
using Stateless.Reflection;

namespace EcoLedger.Ledger;

/// <summary>
/// Draws a Stateless state machine as an SVG picture: states as rounded boxes in layers (a layer is the shortest number
/// of transitions from the initial state), transitions as labelled arrows. No served library renders Mermaid (it needs
/// a browser and JavaScript), so the picture is laid out here from the same <see cref="StateGraph"/> that
/// <see cref="MermaidGraph"/> formats: the same states and transitions, deterministic, byte for byte the same each run.
/// </summary>
public static class LedgerDiagramSvg
{
    private const double LayerGap = 150, NodeGap = 56, NodeHeight = 40, Margin = 40, CharWidth = 7.6, FontSize = 13;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>One arrow of the picture: from a state to a state (the same one for a self-loop), with its triggers.</summary>
    /// <param name="From">Source state.</param>
    /// <param name="To">Destination state.</param>
    /// <param name="Triggers">The triggers that take this path, in the machine's order.</param>
    public sealed record Edge(string From, string To, IReadOnlyList<string> Triggers);

    /// <summary>The states (in the machine's order), the initial state and the arrows of a machine.</summary>
    public static (IReadOnlyList<string> States, string Initial, IReadOnlyList<Edge> Edges) Read(StateMachineInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var graph = new StateGraph(info);
        var states = graph.States.Values.Where(s => s is not SuperState).Select(s => s.StateName).ToList();
        var edges = new List<Edge>();
        foreach (var t in graph.Transitions)
        {
            string from = t.SourceState.StateName;
            string to = t switch
            {
                FixedTransition f => f.DestinationState.StateName,
                DynamicTransition d => d.DestinationState.StateName,
                _ => from, // a StayTransition: the trigger leaves the state as it is
            };
            string trigger = t.Trigger.UnderlyingTrigger.ToString() ?? "";
            int i = edges.FindIndex(e => e.From == from && e.To == to);
            if (i < 0)
            {
                edges.Add(new Edge(from, to, [trigger]));
            }
            else if (!edges[i].Triggers.Contains(trigger))
            {
                edges[i] = edges[i] with { Triggers = [.. edges[i].Triggers, trigger] };
            }
        }
        return (states, info.InitialState.UnderlyingState.ToString() ?? states[0], edges);
    }

    /// <summary>The SVG document of a machine, titled <paramref name="title"/>.</summary>
    public static string Render(string title, StateMachineInfo info)
    {
        var (states, initial, edges) = Read(info);

        // Layers: breadth-first from the initial state; states it cannot reach go in a last layer.
        var layer = new Dictionary<string, int> { [initial] = 0 };
        var queue = new Queue<string>([initial]);
        while (queue.Count > 0)
        {
            string s = queue.Dequeue();
            foreach (var e in edges.Where(e => e.From == s && !layer.ContainsKey(e.To)))
            {
                layer[e.To] = layer[s] + 1;
                queue.Enqueue(e.To);
            }
        }
        int unreachable = layer.Count == 0 ? 0 : layer.Values.Max() + 1;
        foreach (string s in states.Where(s => !layer.ContainsKey(s)))
        {
            layer[s] = unreachable;
        }
        var layers = states.GroupBy(s => layer[s]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();

        // Boxes: each layer centred on the widest one; a state with a self-loop keeps room on its right for the loop's labels.
        var width = states.ToDictionary(s => s, s => Math.Max(96, TextWidth(s) + 32));
        var loopRoom = states.ToDictionary(s => s, s => edges.Where(e => e.From == s && e.To == s).Select(e => 44 + e.Triggers.Max(TextWidth)).DefaultIfEmpty(0).Max());
        double LayerWidth(List<string> l) => l.Sum(s => width[s] + loopRoom[s]) + NodeGap * (l.Count - 1);
        double inner = layers.Max(LayerWidth);
        var centre = new Dictionary<string, (double X, double Y)>();
        for (int i = 0; i < layers.Count; i++)
        {
            double x = Margin + (inner - LayerWidth(layers[i])) / 2;
            foreach (string s in layers[i])
            {
                centre[s] = (x + width[s] / 2, Margin + 56 + i * LayerGap);
                x += width[s] + loopRoom[s] + NodeGap;
            }
        }
        double svgWidth = Math.Ceiling(inner + 2 * Margin), svgHeight = Math.Ceiling(Margin + 56 + (layers.Count - 1) * LayerGap + NodeHeight / 2 + Margin);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(svgWidth)}\" height=\"{F(svgHeight)}\" viewBox=\"0 0 {F(svgWidth)} {F(svgHeight)}\" ")
            .Append("font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{X(title)}</title>\n");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">")
            .Append("<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#1f2a30\"/></marker></defs>\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Margin)}\" y=\"{F(Margin - 12)}\" font-size=\"16\" font-weight=\"bold\" fill=\"#1d5640\">{X(title)}</text>\n");

        // The initial pseudo-state: a dot with an arrow into the initial state.
        var (ix, iy) = centre[initial];
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"initial\"><circle cx=\"{F(ix - width[initial] / 2 - 34)}\" cy=\"{F(iy)}\" r=\"7\" fill=\"#1f2a30\"/>")
            .Append(CultureInfo.InvariantCulture, $"<path d=\"M {F(ix - width[initial] / 2 - 27)} {F(iy)} L {F(ix - width[initial] / 2)} {F(iy)}\" stroke=\"#1f2a30\" fill=\"none\" marker-end=\"url(#arrow)\"/></g>\n");

        foreach (var e in edges)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"transition\" data-from=\"{X(e.From)}\" data-to=\"{X(e.To)}\">");
            if (e.From == e.To)
            {
                SelfLoop(svg, centre[e.From], width[e.From], e.Triggers);
            }
            else
            {
                // A pair of opposite arrows bends apart; an arrow within a layer runs under the boxes (clear of self-loop labels).
                bool pair = edges.Any(o => o.From == e.To && o.To == e.From);
                Arrow(svg, centre[e.From], width[e.From], centre[e.To], width[e.To], pair, layer[e.From] == layer[e.To], e.Triggers);
            }
            svg.Append("</g>\n");
        }

        foreach (string s in states)
        {
            var (x, y) = centre[s];
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"state\" data-state=\"{X(s)}\"><rect x=\"{F(x - width[s] / 2)}\" y=\"{F(y - NodeHeight / 2)}\" width=\"{F(width[s])}\" height=\"{F(NodeHeight)}\" rx=\"10\" ")
                .Append(s == initial ? "fill=\"#dcefe5\" stroke=\"#1d5640\" stroke-width=\"2\"/>" : "fill=\"#f3f6f4\" stroke=\"#2e7d5b\" stroke-width=\"1.5\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{F(y + 4.5)}\" text-anchor=\"middle\" fill=\"#1f2a30\">{X(s)}</text></g>\n");
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Arrow(StringBuilder svg, (double X, double Y) a, double aw, (double X, double Y) b, double bw, bool pair, bool sameLayer, IReadOnlyList<string> triggers)
    {
        // Control point: the midpoint, pushed sideways (to the left of the direction of travel) for one of a pair, or
        // below the layer for an arrow within it.
        double dx = b.X - a.X, dy = b.Y - a.Y, length = Math.Sqrt(dx * dx + dy * dy);
        double offset = pair ? 36 : 0;
        var control = sameLayer
            ? ((a.X + b.X) / 2, a.Y + NodeHeight / 2 + 56 + (pair && dx < 0 ? 30 : 0))
            : ((a.X + b.X) / 2 + offset * dy / length, (a.Y + b.Y) / 2 - offset * dx / length);
        var start = Border(a, aw, control);
        var end = Border(b, bw, control);
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M {F(start.X)} {F(start.Y)} Q {F(control.Item1)} {F(control.Item2)} {F(end.X)} {F(end.Y)}\" stroke=\"#1f2a30\" stroke-width=\"1.3\" fill=\"none\" marker-end=\"url(#arrow)\"/>");
        // The label sits on the curve 60 % of the way along (arrows fanning out of one state are further apart there, and
        // the two of a pair fall at opposite ends), on a white ground so crossing lines do not run through it.
        const double t = 0.6;
        double mx = (1 - t) * (1 - t) * start.X + 2 * (1 - t) * t * control.Item1 + t * t * end.X;
        double my = (1 - t) * (1 - t) * start.Y + 2 * (1 - t) * t * control.Item2 + t * t * end.Y;
        Labels(svg, mx, my - (triggers.Count - 1) * 8, triggers, "middle");
    }

    private static void SelfLoop(StringBuilder svg, (double X, double Y) c, double w, IReadOnlyList<string> triggers)
    {
        double x = c.X + w / 2;
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M {F(x)} {F(c.Y - 10)} C {F(x + 38)} {F(c.Y - 34)} {F(x + 38)} {F(c.Y + 34)} {F(x)} {F(c.Y + 10)}\" stroke=\"#1f2a30\" stroke-width=\"1.3\" fill=\"none\" marker-end=\"url(#arrow)\"/>");
        Labels(svg, x + 36, c.Y - (triggers.Count - 1) * 8, triggers, "start");
    }

    private static void Labels(StringBuilder svg, double x, double y, IReadOnlyList<string> triggers, string anchor)
    {
        for (int i = 0; i < triggers.Count; i++)
        {
            double w = TextWidth(triggers[i]) + 8, ty = y + i * 16;
            double left = anchor == "middle" ? x - w / 2 : x;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(left)}\" y=\"{F(ty - 11)}\" width=\"{F(w)}\" height=\"15\" fill=\"#ffffff\" opacity=\"0.9\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text class=\"trigger\" x=\"{F(anchor == "middle" ? x : x + 4)}\" y=\"{F(ty)}\" text-anchor=\"{anchor}\" font-size=\"12\" fill=\"#2e7d5b\">{X(triggers[i])}</text>");
        }
    }

    /// <summary>Where the line from a box's centre towards <paramref name="towards"/> leaves the box.</summary>
    private static (double X, double Y) Border((double X, double Y) c, double w, (double X, double Y) towards)
    {
        double dx = towards.X - c.X, dy = towards.Y - c.Y;
        if (dx == 0 && dy == 0)
        {
            return c;
        }
        double t = Math.Min(dx == 0 ? double.MaxValue : w / 2 / Math.Abs(dx), dy == 0 ? double.MaxValue : NodeHeight / 2 / Math.Abs(dy));
        return (c.X + dx * t, c.Y + dy * t);
    }

    private static double TextWidth(string text) => text.Length * CharWidth * FontSize / 13;

    private static string F(double v) => Math.Round(v, 1).ToString("0.#", C);

    private static string X(string text) => SecurityElement.Escape(text) ?? "";
}
