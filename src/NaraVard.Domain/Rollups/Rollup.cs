using System.Runtime.CompilerServices;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Roadmap;

namespace NaraVard.Domain.Rollups;

/// <summary>
/// The roll-up of a roadmap: per phase, organisation, target-picture area, roadmap item × organisation,
/// obstacles by category × severity, staleness and population-weighted coverage. Each change is applied
/// incrementally (remove the old summary's contribution, add the new one); reads only walk the counters.
/// Summaries carry their stream version, so a summary folded twice never rolls a figure back. Whom an obstacle
/// reaches is derived here and nowhere else in the present's figures: from the obstacle and the initiatives as
/// the roll-up holds them now (<see cref="ObstacleReach"/>), again whenever either changes, so a participant who
/// accepts or leaves after the flag is counted or uncounted at that moment, and a change of the obstacle's status
/// never changes whom it reaches.
/// </summary>
public sealed class Rollup(RoadmapDefinition roadmap)
{
    private readonly Dictionary<string, InitiativeSummary> _initiatives = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObstacleSummary> _obstacles = new(StringComparer.Ordinal);
    private readonly Tally _county = new();
    private readonly Dictionary<string, Tally> _byOrganization = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tally> _byArea = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Item, string Org), Tally> _matrix = [];
    private readonly Dictionary<(string Category, Severity Severity), int> _openObstacles = [];
    private readonly Dictionary<string, Dictionary<string, int>> _blockedByCategory = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _openObstaclesByOrganization = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _initiativesByOrganization = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _blockers = new(StringComparer.Ordinal);

    private readonly HashSet<string> _blocked = new(StringComparer.Ordinal);

    public RoadmapDefinition Roadmap => roadmap;

    /// <summary>The initiatives an obstacle blocks now (<see cref="HealthRule.Blocks"/>).</summary>
    public IReadOnlySet<string> Blocked => _blocked;

    /// <summary>Counts changes to <see cref="Blocked"/>, so a reader can tell whether a copy of it is current.</summary>
    public long BlockedChanges { get; private set; }

    /// <summary>Counts every change to the figures, so a reader can tell whether something it computed is still current.</summary>
    public long Changes { get; private set; }

    public int InitiativeCount => _initiatives.Count;

    public IEnumerable<InitiativeSummary> Initiatives => _initiatives.Values;

    public IEnumerable<ObstacleSummary> Obstacles => _obstacles.Values;

    public InitiativeSummary? FindInitiative(string id) => _initiatives.GetValueOrDefault(id);

    public ObstacleSummary? FindObstacle(string id) => _obstacles.GetValueOrDefault(id);

    /// <summary>The initiatives an organisation owns or takes part in (accepted), in id order.</summary>
    public IReadOnlyCollection<string> InitiativesOf(string org) =>
        _initiativesByOrganization.TryGetValue(org, out var ids) ? ids : [];

    /// <summary>Applies a newer summary; returns false when it is not newer than what is held.</summary>
    // Compiled optimised at its first call: a restart restores 100,000 summaries through it while start-up
    // keeps postponing tiered compilation, so it ran unoptimised for most of them (docs/performance.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Apply(InitiativeSummary summary)
    {
        if (_initiatives.TryGetValue(summary.Id, out var old))
        {
            if (old.Version >= summary.Version)
            {
                return false;
            }

            Contribute(old, -1);
        }

        // Derived here, as whom an obstacle reaches: only a summary whose obstacles block it is copied.
        if (IsBlocked(summary.Id) != summary.Blocked)
        {
            summary = summary with { Blocked = !summary.Blocked };
        }

        Mark(summary);
        _initiatives[summary.Id] = summary;
        Contribute(summary, +1);
        // Whom it counts for changed (it is new, or a participant accepted or left): the organisations' lists and
        // what blocks it follow. A report, the common change, touches neither.
        if (old is null || !old.Organizations.SequenceEqual(summary.Organizations))
        {
            foreach (var org in old?.Organizations ?? [])
            {
                _initiativesByOrganization[org].Remove(summary.Id);
            }

            foreach (var org in summary.Organizations)
            {
                (_initiativesByOrganization.TryGetValue(org, out var ids) ? ids : _initiativesByOrganization[org] = new(StringComparer.Ordinal)).Add(summary.Id);
            }

            Reach(summary.Id);
        }

        return true;
    }

    /// <summary>
    /// An initiative's organisations changed (a participant accepted or left): what blocks it now reaches the
    /// organisations it has now, by the one rule (<see cref="ObstacleReach"/>).
    /// </summary>
    private void Reach(string initiativeId)
    {
        if (!_blockers.TryGetValue(initiativeId, out var blockers))
        {
            return;
        }

        foreach (var obstacle in blockers.Select(id => _obstacles[id]).ToList())
        {
            var reached = Reached(obstacle);
            if (!reached.AffectedOrganizations.SequenceEqual(obstacle.AffectedOrganizations))
            {
                Contribute(obstacle, -1);
                _obstacles[obstacle.Id] = reached;
                Contribute(reached, +1);
            }
        }
    }

    private ObstacleSummary Reached(ObstacleSummary obstacle) => obstacle with
    {
        AffectedOrganizations = [.. ObstacleReach.AffectedOrganizations(obstacle.NamedOrganizations, obstacle.BlockedInitiatives, id => FindInitiative(id)?.Organizations ?? [])],
    };

    /// <summary>
    /// Applies a newer summary; returns false when it is not newer than what is held. Whom it reaches is derived
    /// here from the initiatives held now, whatever the summary says.
    /// </summary>
    public bool Apply(ObstacleSummary summary)
    {
        if (_obstacles.TryGetValue(summary.Id, out var old))
        {
            if (old.Version >= summary.Version)
            {
                return false;
            }

            Contribute(old, -1);
            foreach (var initiative in old.BlockedInitiatives)
            {
                _blockers.GetValueOrDefault(initiative)?.Remove(old.Id);
            }
        }

        var reached = Reached(summary);
        _obstacles[summary.Id] = reached;
        Contribute(reached, +1);
        foreach (var initiative in reached.BlockedInitiatives)
        {
            (_blockers.TryGetValue(initiative, out var set) ? set : _blockers[initiative] = new(StringComparer.Ordinal)).Add(reached.Id);
        }

        foreach (var initiative in old is null ? reached.BlockedInitiatives : old.BlockedInitiatives.Union(reached.BlockedInitiatives))
        {
            Reblock(initiative);
        }

        return true;
    }

    /// <summary>Whether an obstacle the roll-up holds blocks the initiative now, by <see cref="HealthRule.Blocks"/>.</summary>
    private bool IsBlocked(string initiativeId) =>
        _blockers.TryGetValue(initiativeId, out var blockers) &&
        blockers.Any(id => _obstacles[id] is var o && HealthRule.Blocks(o.Status, o.Severity, o.Escalation));

    /// <summary>An obstacle naming the initiative changed: its health follows (it counts again under its new standing).</summary>
    private void Reblock(string initiativeId)
    {
        if (_initiatives.TryGetValue(initiativeId, out var held) && held.Blocked != IsBlocked(initiativeId))
        {
            Contribute(held, -1);
            var now = held with { Blocked = !held.Blocked };
            Mark(now);
            _initiatives[initiativeId] = now;
            Contribute(now, +1);
        }
    }

    private void Mark(InitiativeSummary summary)
    {
        if (summary.Blocked ? _blocked.Add(summary.Id) : _blocked.Remove(summary.Id))
        {
            BlockedChanges++;
        }
    }

    // Optimised at its first call, as Apply.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Contribute(InitiativeSummary s, int sign)
    {
        Changes++;
        _county.Add(s, sign);
        foreach (var org in s.Organizations)
        {
            Get(_byOrganization, org).Add(s, sign);
            Get(_matrix, (s.RoadmapItem, org)).Add(s, sign);
        }

        foreach (var area in s.GoalAreas)
        {
            Get(_byArea, area).Add(s, sign);
        }
    }

    private void Contribute(ObstacleSummary s, int sign)
    {
        Changes++;
        if (!s.IsOpen)
        {
            return;
        }

        _openObstacles[(s.Category, s.Severity)] = _openObstacles.GetValueOrDefault((s.Category, s.Severity)) + sign;
        var blocked = _blockedByCategory.TryGetValue(s.Category, out var b) ? b : _blockedByCategory[s.Category] = new(StringComparer.Ordinal);
        foreach (var org in s.AffectedOrganizations)
        {
            blocked[org] = blocked.GetValueOrDefault(org) + sign;
            _openObstaclesByOrganization[org] = _openObstaclesByOrganization.GetValueOrDefault(org) + sign;
        }
    }

    private static Tally Get<TKey>(Dictionary<TKey, Tally> tallies, TKey key)
        where TKey : notnull =>
        tallies.TryGetValue(key, out var tally) ? tally : tallies[key] = new Tally();

    public OrganizationProgress ProgressOf(Organization org, DateTimeOffset now)
    {
        var tally = _byOrganization.GetValueOrDefault(org.Code) ?? new Tally();
        return new OrganizationProgress(org.Code, org.Name, org.Population, tally.ToSpread(now, roadmap.StaleAfter), tally.AverageProgress, _openObstaclesByOrganization.GetValueOrDefault(org.Code));
    }

    /// <summary>One organisation's row of the matrix: the same cells as the county's (<see cref="Overview"/>).</summary>
    public IReadOnlyList<MatrixCell> RowOf(string org, DateTimeOffset now)
    {
        var blocked = BlockedCells();
        return [.. roadmap.RoadmapItems.Select(i => CellOf(i.Code, org, now, blocked))];
    }

    private MatrixCell CellOf(string item, string org, DateTimeOffset now, Dictionary<(string Item, string Org), int> blocked)
    {
        var tally = _matrix.GetValueOrDefault((item, org));
        var obstacles = blocked.GetValueOrDefault((item, org));
        return tally is null || tally.Total == 0
            ? new MatrixCell(item, org, 0, null, null, 0, false) { OpenObstacles = obstacles }
            : new MatrixCell(item, org, tally.Total, tally.FurthestPhase(), tally.WorstStatus(), tally.AverageProgress, tally.StaleCount(now, roadmap.StaleAfter) > 0)
            {
                OpenObstacles = obstacles,
                Health = tally.WorstHealth(now, roadmap.StaleAfter),
            };
    }

    public CountyOverview Overview(DateTimeOffset now)
    {
        var municipalities = roadmap.Organizations.Where(o => o.IsMunicipality).ToList();
        var coverage = roadmap.RoadmapItems.Select(item =>
        {
            var reached = municipalities.Where(m => Reached(item.Code, m.Code)).ToList();
            var share = roadmap.MunicipalPopulation == 0 ? 0 : (double)reached.Sum(m => m.Population) / roadmap.MunicipalPopulation;
            return new ItemCoverage(item.Code, item.Name, reached.Count, share);
        }).ToList();

        var blocked = BlockedCells();
        var commonItems = coverage.Where(c => roadmap.ItemsByCode[c.RoadmapItem].Scope != InitiativeScope.Regional).ToList();
        return new CountyOverview(
            roadmap.Id,
            now,
            _county.ToSpread(now, roadmap.StaleAfter),
            [.. roadmap.Organizations.Select(o => ProgressOf(o, now))],
            [.. roadmap.GoalAreas.Select(a => new GoalAreaProgress(a.Code, a.Name, (_byArea.GetValueOrDefault(a.Code) ?? new Tally()).ToSpread(now, roadmap.StaleAfter)))],
            [.. roadmap.RoadmapItems.SelectMany(i => roadmap.Organizations.Select(o => CellOf(i.Code, o.Code, now, blocked)))],
            [.. _openObstacles.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key.Category, StringComparer.Ordinal).ThenByDescending(kv => kv.Key.Severity).Select(kv => new ObstacleCount(kv.Key.Category, kv.Key.Severity, kv.Value))],
            [.. roadmap.ObstacleCategories.Select(c => Reach(c.Code, c.Name)).Where(r => r.Open > 0)],
            coverage,
            commonItems.Count == 0 ? 0 : commonItems.Average(c => c.PopulationShare),
            _openObstacles.Values.Sum());
    }

    /// <summary>
    /// Per item × organisation, the open obstacles blocking one of its initiatives there: an obstacle counts in a
    /// cell when it blocks an initiative of that item and affects that organisation (by <see cref="ObstacleReach"/>).
    /// </summary>
    private Dictionary<(string Item, string Org), int> BlockedCells()
    {
        var cells = new Dictionary<(string Item, string Org), int>();
        foreach (var obstacle in _obstacles.Values.Where(o => o.IsOpen && o.BlockedInitiatives.Length > 0))
        {
            var counted = new HashSet<(string, string)>();
            foreach (var initiative in obstacle.BlockedInitiatives.Select(FindInitiative).OfType<InitiativeSummary>())
            {
                foreach (var org in initiative.Organizations.Where(obstacle.AffectedOrganizations.Contains))
                {
                    if (counted.Add((initiative.RoadmapItem, org)))
                    {
                        cells[(initiative.RoadmapItem, org)] = cells.GetValueOrDefault((initiative.RoadmapItem, org)) + 1;
                    }
                }
            }
        }

        return cells;
    }

    private bool Reached(string item, string org) =>
        _matrix.GetValueOrDefault((item, org)) is { } t && (t.Count(Phase.Genomforande) + t.Count(Phase.Genomford)) > 0;

    private CategoryReach Reach(string category, string name)
    {
        var open = _openObstacles.Where(kv => kv.Key.Category == category).Sum(kv => kv.Value);
        var blocked = _blockedByCategory.GetValueOrDefault(category);
        var municipalities = blocked is null ? 0 : blocked.Count(kv => kv.Value > 0 && roadmap.OrganizationsByCode.TryGetValue(kv.Key, out var o) && o.IsMunicipality);
        return new CategoryReach(category, name, open, municipalities);
    }
}
