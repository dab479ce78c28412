namespace NaraVard.Domain.Obstacles;

/// <summary>
/// Which organisations an obstacle affects — the one rule every count of obstacles per organisation uses
/// (the overview, an organisation's figures, the obstacle list filtered by organisation, GetObstacle, the
/// watch stream): the organisations it names, and every organisation of each initiative it blocks, the owner
/// and the participants alike. A joint initiative counts in each participant's figures, so what blocks it
/// blocks each of them too.
/// </summary>
public static class ObstacleReach
{
    /// <param name="organizationsOf">The owner and participants of an initiative; empty when it is unknown.</param>
    public static IReadOnlyList<string> AffectedOrganizations(ObstacleState obstacle, Func<string, IEnumerable<string>> organizationsOf) =>
        !obstacle.Exists ? [] : AffectedOrganizations(obstacle.BlockedOrganizations, obstacle.BlockedInitiatives, organizationsOf);

    /// <param name="named">The organisations the obstacle names itself.</param>
    /// <param name="blockedInitiatives">The initiatives it blocks.</param>
    /// <param name="organizationsOf">The owner and participants of an initiative; empty when it is unknown.</param>
    public static IReadOnlyList<string> AffectedOrganizations(IEnumerable<string> named, IEnumerable<string> blockedInitiatives, Func<string, IEnumerable<string>> organizationsOf) =>
        [.. named.Concat(blockedInitiatives.SelectMany(organizationsOf)).Distinct().Order(StringComparer.Ordinal)];
}
