using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using NaraVard.Domain;
using NaraVard.Domain.Access;
using NaraVard.Domain.Initiatives;

namespace NaraVard.Web.Components.Forms;

/// <summary>
/// A form on an initiative's page: it sends one command through the same grain, rules, audit trail and write
/// quota as gRPC, and shows a refusal next to itself. A form is offered only to whom the rules allow it, and
/// rendered again for any post, so a post the page did not offer still reaches the rules and is refused there.
/// </summary>
public abstract class InitiativeForm : ComponentBase
{
    [Inject] protected Board Board { get; set; } = null!;

    [Inject] protected NavigationManager Navigation { get; set; } = null!;

    [CascadingParameter] protected HttpContext HttpContext { get; set; } = null!;

    [Parameter, EditorRequired] public InitiativeState State { get; set; } = null!;

    protected Refusal? Refused { get; private set; }

    protected Actor Actor => Access.DashboardAccess.ActorOf(HttpContext.User)!;

    protected static string NewRequestId => "web-" + Guid.NewGuid().ToString("N");

    protected bool Allows(InitiativeCommand command) => Permissions.Allows(Actor, State, command);

    /// <summary>Builds the command (reading the typed values may refuse too), sends it, and shows the page again with "Sparat".</summary>
    protected async Task ExecuteAsync(Func<InitiativeCommand> command)
    {
        try
        {
            await Board.ExecuteAsync(State.Id, command(), HttpContext.RequestAborted);
        }
        catch (DomainException e)
        {
            Refused = Refusal.From(e);
            return;
        }

        Navigation.NavigateTo($"/initiativ/{State.Id}?sparat=1");
    }

    protected static DateOnly? Date(string? typed, string field) => FormValues.Date(typed, field);

    protected static decimal? Number(string? typed, string field) => FormValues.Number(typed, field);

    protected string? Invalid(string field) => Refused?.Names(field) == true ? "true" : null;

    protected static string Iso(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
