namespace NaraVard.Grains.Runtime;

/// <summary>
/// The activations a logical call has passed through. A call whose chain already holds its target re-enters
/// that target instead of queueing behind the turn that waits for it, so cycles (initiative → organisation →
/// county → organisation) cannot deadlock. Orleans calls this call-chain reentrancy.
/// </summary>
internal sealed class CallChain(GrainActivation activation, CallChain? parent)
{
    private static readonly AsyncLocal<CallChain?> Ambient = new();

    public static CallChain? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    public GrainActivation Activation { get; } = activation;

    public CallChain? Parent { get; } = parent;

    public bool Contains(GrainActivation target)
    {
        for (var link = this; link is not null; link = link.Parent)
        {
            if (ReferenceEquals(link.Activation, target))
            {
                return true;
            }
        }

        return false;
    }
}
