namespace NaraVard.Web.Components.Shared;

/// <summary>
/// The frame the server-drawn charts share (a measurement point's, an initiative's progress): one size, one plot
/// area, numbers written for SVG, so they line up on a page and print alike.
/// </summary>
internal static class ChartFrame
{
    public const int Width = 320;
    public const int Height = 130;
    public const double Left = 44;
    public const double Right = Width - 8;
    public const double Top = 10;
    public const double Bottom = Height - 20;

    /// <summary>A coordinate as SVG reads it, whatever the culture.</summary>
    public static string F(double v) => v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
