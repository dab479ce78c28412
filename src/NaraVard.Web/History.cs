using NaraVard.Domain;
using NaraVard.Domain.Initiatives;

namespace NaraVard.Web;

/// <summary>One line of an initiative's audit trail, in Swedish: the domain's words (<see cref="EventText"/>), organisations by name.</summary>
public static class History
{
    public static string Describe(InitiativeEvent e, Board board) => EventText.Swedish(e, new EventText.Names(board.OrganizationName, board.AreaName));
}
