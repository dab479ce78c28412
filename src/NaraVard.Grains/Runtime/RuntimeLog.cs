using Microsoft.Extensions.Logging;

namespace NaraVard.Grains.Runtime;

internal sealed partial class RuntimeLog(ILogger logger)
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Activated {Grain}")]
    public partial void Activated(string grain);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deactivated {Grain} ({Reason})")]
    public partial void Deactivated(string grain, DeactivationReason reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activation of {Grain} failed")]
    public partial void ActivationFailed(string grain, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "One-way call {Method} to {Grain} failed")]
    public partial void OneWayCallFailed(string grain, string method, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deactivation of {Grain} failed")]
    public partial void DeactivationFailed(string grain, Exception error);
}
