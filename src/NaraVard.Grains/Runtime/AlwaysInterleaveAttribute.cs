namespace NaraVard.Grains.Runtime;

/// <summary>
/// Marks a read that may run alongside the grain's turns (as Orleans' [AlwaysInterleave]). Here it goes further:
/// once the grain is active, the call runs at once on the caller's thread without entering the mailbox, so it
/// can run at the same moment as a turn on another thread. Only for methods that read state held in one
/// immutable reference (and so cannot see a change half made); a call to an inactive grain still activates it
/// through the mailbox first.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;
