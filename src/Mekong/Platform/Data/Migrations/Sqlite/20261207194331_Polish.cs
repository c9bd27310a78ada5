using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Polish : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "glossary_notes",
                columns: table => new
                {
                    ConceptId = table.Column<string>(type: "TEXT", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_glossary_notes", x => new { x.ConceptId, x.Language });
                    table.ForeignKey(
                        name: "FK_glossary_notes_glossary_concepts_ConceptId",
                        column: x => x.ConceptId,
                        principalTable: "glossary_concepts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // HAND-WRITTEN: each concept's one note becomes its English note (notes are per language now).
            migrationBuilder.Sql("""INSERT INTO glossary_notes ("ConceptId", "Language", "Text") SELECT "Id", 'en', "Note" FROM glossary_concepts WHERE "Note" <> '';""");

            migrationBuilder.DropColumn(
                name: "Note",
                table: "glossary_concepts");

            // HAND-WRITTEN: comment rows of the search index carried their post's title; the startup backfill indexes
            // comments again (their own words only) once none are indexed.
            migrationBuilder.Sql("""DELETE FROM search_entries WHERE "Kind" = 'Comment';""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Note",
                table: "glossary_concepts",
                type: "TEXT",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            // HAND-WRITTEN: the English note (else none) goes back into the one note column.
            migrationBuilder.Sql("""UPDATE glossary_concepts SET "Note" = COALESCE((SELECT n."Text" FROM glossary_notes n WHERE n."ConceptId" = glossary_concepts."Id" AND n."Language" = 'en'), '');""");

            migrationBuilder.DropTable(
                name: "glossary_notes");
        }
    }
}
