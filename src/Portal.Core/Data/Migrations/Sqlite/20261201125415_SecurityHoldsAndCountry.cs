using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SecurityHoldsAndCountry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Country",
                table: "SignInSessions",
                type: "TEXT",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Country",
                table: "SecurityAlerts",
                type: "TEXT",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HeldItem",
                table: "SecurityAlerts",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "HeldItemId",
                table: "SecurityAlerts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_SecurityAlerts_HeldItem_HeldItemId",
                table: "SecurityAlerts",
                columns: new[] { "HeldItem", "HeldItemId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SecurityAlerts_HeldItem_HeldItemId",
                table: "SecurityAlerts");

            migrationBuilder.DropColumn(
                name: "Country",
                table: "SignInSessions");

            migrationBuilder.DropColumn(
                name: "Country",
                table: "SecurityAlerts");

            migrationBuilder.DropColumn(
                name: "HeldItem",
                table: "SecurityAlerts");

            migrationBuilder.DropColumn(
                name: "HeldItemId",
                table: "SecurityAlerts");
        }
    }
}
