using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portal.Core.Loyalty;
using Portal.Shell;

namespace Portal.Loyalty.Staff.Integrations;

/// <summary>
/// Keys for shops and tills to send purchases. A new key's secret exists only in the response to the POST that made
/// it: never stored, never in TempData or the URL, and the response is not cached.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public class IntegrationsIndexModel(IntegrationKeys keys, IStringLocalizer<SharedResource> s) : PageModel
{
    public IReadOnlyList<IntegrationKey> Keys { get; private set; } = [];

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public IntegrationKey? Created { get; private set; }
    public string? CreatedSecret { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter a name for the key, e.g. the shop or till that uses it.")]
        [StringLength(IntegrationKeys.MaxNameLength, ErrorMessage = "The name can be at most {1} characters.")]
        public string? Name { get; set; }

        /// <summary><see cref="IntegrationPermissions"/> ticked; a new form starts with purchases.</summary>
        public List<string> Permissions { get; set; } = [];
    }

    public const string PurchaseSample = """
        {
          "customerId": "4821339017",
          "orderId": "POS-1001",
          "occurredAt": "2026-11-24T10:15:00Z",
          "channel": "store",
          "lines": [
            { "category": "Grocery", "quantity": 2, "amountMinor": 4599 }
          ],
          "offerCode": null
        }
        """;

    public const string BatchSample = """{ "purchases": [ { … }, { … } ] }""";

    public const string RefundSample = """{ "refundId": "RET-1", "amountMinor": 1000 }""";

    public static string Shown(IntegrationKey key) => $"cpk_{key.Prefix}_…";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.Permissions = [IntegrationPermissions.Purchases];
        Keys = await keys.AllAsync(ct);
    }

    public static string PermissionName(IStringLocalizer s, string permission) => permission switch
    {
        IntegrationPermissions.Purchases => s["Record purchases and refunds"],
        IntegrationPermissions.NotificationsSend => s["Send notifications"],
        _ => permission,
    };

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!Input.Permissions.Any(IntegrationPermissions.All.Contains))
            ModelState.AddModelError("Input.Permissions", s["Choose at least one thing the key may do."]);
        if (ModelState.IsValid)
        {
            if (await keys.CreateAsync(Input.Name!, User.DisplayName(), ct, Input.Permissions) is { } made)
            {
                (Created, CreatedSecret) = made;
                Response.Headers.CacheControl = "no-store";
                Response.Headers.Pragma = "no-cache";
                ModelState.Clear();
                Input = new InputModel { Permissions = [IntegrationPermissions.Purchases] };
            }
            else
            {
                ModelState.AddModelError("Input.Name", s["Enter a name for the key, e.g. the shop or till that uses it."]);
            }
        }
        Keys = await keys.AllAsync(ct);
        return Page();
    }
}
