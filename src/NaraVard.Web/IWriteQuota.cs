using NaraVard.Domain;

namespace NaraVard.Web;

/// <summary>
/// The caller's write quota, the same one gRPC writes draw on: a form write takes from it like a call does, so a
/// browser is no way around a limit a script reached (issue 31: 1,429 form writes in 15 s right after the same
/// identity's gRPC writes were refused).
/// </summary>
public interface IWriteQuota
{
    /// <summary>Takes one write for the actor; null when taken, else the limit reached, in the words gRPC answers with.</summary>
    string? TryTake(Actor by);
}
