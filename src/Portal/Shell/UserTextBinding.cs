using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using Portal.Core.Common;

namespace Portal.Shell;

/// <summary>
/// Every string a page binds (form fields, query values) passes through <see cref="UserText.MultiLine"/>: invisible
/// formatting and control characters never reach a page model, whichever page it is. Passwords are bound exactly as
/// typed; checkboxes bind only true or false. Single-line rules (no line breaks) belong to the services that store names, subjects and file names.
/// </summary>
public sealed class UserTextModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        if (context.BindingInfo.BindingSource is { } source && (source.CanAcceptDataFrom(BindingSource.Body) || source == BindingSource.Services)) return null;
        if (context.Metadata.ModelType == typeof(bool) || context.Metadata.ModelType == typeof(bool?)) return new CheckboxModelBinder(context.Metadata.ModelType == typeof(bool?));
        if (context.Metadata.ModelType != typeof(string) || context.Metadata.DataTypeName == nameof(DataType.Password)) return null;
        var loggers = context.Services.GetRequiredService<ILoggerFactory>();
        return new UserTextModelBinder(new SimpleTypeModelBinder(typeof(string), loggers));
    }

    private sealed class UserTextModelBinder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext context)
        {
            await inner.BindModelAsync(context);
            if (context.Result is { IsModelSet: true, Model: string text } && UserText.NeedsCleaning(text))
                context.Result = ModelBindingResult.Success(UserText.MultiLine(text));
        }
    }

    /// <summary>
    /// Checkboxes send "true" or "false"; anything else is forged. The framework would keep such a value for the
    /// re-rendered form and then fail to render the checkbox (a 500), so it binds as unchecked instead.
    /// </summary>
    private sealed class CheckboxModelBinder(bool nullable) : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext context)
        {
            var value = context.ValueProvider.GetValue(context.ModelName);
            if (value == ValueProviderResult.None) return Task.CompletedTask;
            var first = value.FirstValue?.Trim();
            bool? parsed = bool.TryParse(first, out var b) ? b : string.IsNullOrEmpty(first) && nullable ? null : false;
            context.ModelState.SetModelValue(context.ModelName, parsed, parsed?.ToString() ?? "");
            context.Result = ModelBindingResult.Success(parsed is null ? null : parsed.Value);
            return Task.CompletedTask;
        }
    }

    public static void Register(MvcOptions options) => options.ModelBinderProviders.Insert(0, new UserTextModelBinderProvider());
}
