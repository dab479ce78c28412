namespace NaraVard.Grains.Runtime;

/// <summary>
/// Marks a Task-returning grain method as fire-and-forget (as Orleans' [OneWay]): the call is queued and the
/// caller continues at once. Use it for notifications that may flow against the usual call direction, since
/// two grains awaiting each other from two different call chains would otherwise wait forever.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;
